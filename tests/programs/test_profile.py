"""A founder profile without an account (programs/profile.py, programs/views/profile.py): remembered in a signed
cookie, read back grown by the years passed, answered for this visitor by an uncached request that agrees with the
one verdict, forgotten in one click, never in a cached page; and the rules as data, with the 보조금24 codes, in the
API and open data. Budget: 20 s a pass (measured 6 s)."""

import json
from datetime import date

import pytest
from django.core.cache import cache

from programs import profile
from programs.rules import Answers, gov24_conditions, verdict
from tests.factories import AudienceFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ANSWERS = "/programs/my-answers/"
REMEMBER, FORGET, FIT = f"{ANSWERS}remember/", f"{ANSWERS}forget/", f"{ANSWERS}fit.json"


@pytest.fixture
def programs():
    student = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    return {
        "youth": ProgramFactory(slug="youth", max_age=39),
        "senior": ProgramFactory(slug="senior", min_age=40),
        "early": ProgramFactory(slug="early", max_business_years=3),
        "campus": ProgramFactory(slug="campus", audiences=[student]),
        "draft": ProgramFactory(slug="draft", max_age=39, status="draft"),
    }


def remember(client, **answers):
    return client.post(REMEMBER, answers)


def test_remembering_sets_a_signed_cookie_and_the_page_shows_the_answers(client, programs):
    response = remember(client, age="26", years="0", confirm="student")
    assert response.status_code == 302
    cookie = response.cookies[profile.COOKIE]
    assert cookie["samesite"] == "Lax" and int(cookie["max-age"]) == profile.MAX_AGE_SECONDS
    page = client.get("/programs/my-answers/")
    assert "no-store" in page["Cache-Control"]
    assert [value for _label, value in page.context["summary"]] == ["26", "0", "대학생"]
    assert page.context["links"]["alert"] == "/alerts/new/?age=26&years=0&confirm=student"


def test_an_altered_cookie_is_no_profile(client, programs):
    remember(client, age="26")
    signed = client.cookies[profile.COOKIE].value
    client.cookies[profile.COOKIE] = signed.replace("26", "66")
    assert client.get(FIT).json() == {"profile": None, "programs": {}}


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"age": "200"}, "120"),
        ({"age": "스물"}, "정수"),
        ({}, "나이, 업력 또는 해당하는 대상을"),
        ({"confirm": "nobody"}, "nobody"),
    ],
)
def test_bad_answers_are_reported_and_nothing_is_remembered(client, programs, answers, message):
    response = remember(client, **answers)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert profile.COOKIE not in response.cookies


@pytest.mark.parametrize(
    "given_on, today, expected",
    [
        (date(2025, 12, 7), date(2026, 12, 7), "age=27&years=3"),  # a full year later: one more of each
        (date(2025, 12, 8), date(2026, 12, 7), "age=26&years=2"),  # a day short of a year: as given
        (date(2023, 3, 1), date(2026, 12, 7), "age=29&years=5"),
    ],
)
def test_an_age_and_business_years_grow_with_the_years(given_on, today, expected):
    remembered = profile.Profile(query="age=26&years=2", given_on=given_on)
    assert remembered.current_query(today).urlencode() == expected


def test_a_pre_founder_stays_one():
    remembered = profile.Profile(query="age=26&years=0", given_on=date(2020, 1, 1))
    assert remembered.current_query(date(2026, 12, 7)).urlencode() == "age=32&years=0"


def test_the_visitors_answer_agrees_with_the_verdict_and_names_only_published_programs(client, programs):
    remember(client, age="26", years="2")
    response = client.get(FIT, {"p": ["youth", "senior", "early", "campus", "draft", "missing"]})
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    answered = response.json()["programs"]
    assert set(answered) == {"youth", "senior", "early", "campus"}
    answers = Answers(age=26, years=2)
    for slug, result in answered.items():
        assert result["fit"] == verdict(programs[slug], answers).fit.value, slug
    assert [answered[slug]["fit"] for slug in ("youth", "senior", "early", "campus")] == [
        "fits",
        "not_for_you",
        "fits",
        "check",
    ]
    assert response.json()["profile"]["forget"]["csrf"]


def test_forgetting_deletes_the_cookie_and_goes_back_only_to_this_site(client, programs):
    remember(client, age="26")
    response = client.post(FORGET, {"next": "/programs/youth/"})
    assert response.status_code == 302 and response["Location"] == "/programs/youth/"
    assert response.cookies[profile.COOKIE].value == "" and response.cookies[profile.COOKIE]["max-age"] == 0
    assert client.get(FIT).json()["profile"] is None
    elsewhere = client.post(FORGET, {"next": "https://attacker.example/"})
    assert elsewhere["Location"] == "/programs/my-answers/"
    assert client.get(FORGET).status_code == 405


def test_cached_pages_carry_no_visitors_answers(client, programs, settings):
    cache.clear()
    first = client.get("/programs/youth/")
    assert first["X-Page-Cache"] == "miss"
    remember(client, age="26")
    with_profile = client.get("/programs/youth/")
    assert with_profile["X-Page-Cache"] == "hit"
    assert with_profile.content == first.content
    assert "26" not in with_profile.content.decode().split('id="portal-profile"')[1].split("</aside>")[0]
    for address in ("/programs/my-answers/", FIT):
        assert "X-Page-Cache" not in client.get(address)


def test_the_catalogue_offers_to_remember_its_who_you_are_answers(client, programs):
    page = client.get("/programs/", {"age": "26", "state": "open", "category": ""})
    assert page.context["remember_url"] == "/programs/my-answers/?age=26"
    assert "remember_url" not in client.get("/programs/", {"state": "open"}).context


@pytest.mark.parametrize(
    "rules, tags, codes",
    [
        ({}, [], {}),
        ({"min_age": 19, "max_age": 39}, [], {"JA0110": 19, "JA0111": 39}),
        ({"max_business_years": 0}, [], {"JA1101": "Y"}),
        ({"max_business_years": 3}, [], {"JA1101": "Y", "JA1102": "Y"}),
        ({"min_business_years": 4, "max_business_years": 7}, [], {"JA1102": "Y"}),
        (
            {"min_business_years": 0},
            ["student", "researcher", "sme"],
            {"JA0320": "Y", "JA1101": "Y", "JA1102": "Y", "JA2101": "Y"},
        ),
    ],
)
def test_the_rules_name_the_gov24_conditions_they_state(rules, tags, codes):
    stated = {"min_age": None, "max_age": None, "min_business_years": None, "max_business_years": None} | rules
    assert gov24_conditions(**stated, tags=tags) == codes


def test_the_api_and_open_data_carry_the_rules_as_data(client, programs):
    record = next(item for item in client.get("/api/v1/programs/").json()["results"] if item["slug"] == "youth")
    assert record["eligibility"] == {
        "min_age": None,
        "max_age": 39,
        "min_business_years": None,
        "max_business_years": None,
        "derived_audiences": ["youth"],
        "to_confirm": [],
        "gov24_conditions": {"JA0111": 39},
    }
    campus = next(item for item in client.get("/api/v1/programs/").json()["results"] if item["slug"] == "campus")
    assert campus["eligibility"]["to_confirm"] == ["student"]
    response = client.get("/open-data/programs.json")
    rows = json.loads(b"".join(response.streaming_content))
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["youth"]["gov24_conditions"] == ["JA0111=39"]
    assert by_slug["campus"]["gov24_conditions"] == ["JA0320=Y"]
