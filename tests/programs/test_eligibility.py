"""'Am I eligible?': the list of programs that fit, and the verdict on a program's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.eligibility import Applicant, applicant_fits, program_fit
from programs.models import Program
from tests.factories import AudienceFactory, CategoryFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    youth = AudienceFactory(slug="youth")
    founders = AudienceFactory(slug="pre-founder", name_ko="예비창업자", name_en="Pre-founders")
    students = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    investment = CategoryFactory(slug="investment", name_ko="투자", name_en="Investment")
    return {
        "youth-academy": ProgramFactory(slug="youth-academy", min_age=19, max_age=39, audiences=[youth]),
        "pre-founders": ProgramFactory(slug="pre-founders", max_business_years=0, audiences=[founders]),
        "growth-fund": ProgramFactory(slug="growth-fund", max_business_years=7, category=investment),
        "campus": ProgramFactory(slug="campus", audiences=[students]),
        "seniors": ProgramFactory(slug="seniors", min_age=50),
        "upcoming": ProgramFactory(
            slug="upcoming",
            application_opens_at=timezone.now() + timedelta(days=5),
            application_closes_at=timezone.now() + timedelta(days=30),
        ),
        "closed": ProgramFactory(
            slug="closed",
            application_opens_at=timezone.now() - timedelta(days=30),
            application_closes_at=timezone.now() - timedelta(days=1),
        ),
    }


def eligible(client, **answers):
    response = client.get("/programs/eligibility/", answers)
    assert response.status_code == 200
    results = response.context["sure"] + response.context["to_check"]
    return sorted(program.slug for program, _ in results)


def test_a_young_pre_founder_sees_what_fits(client, programs):
    assert eligible(client, age=25, years=0) == ["campus", "growth-fund", "pre-founders", "upcoming", "youth-academy"]


def test_an_older_founder_of_five_years(client, programs):
    assert eligible(client, age=45, years=5) == ["campus", "growth-fund", "upcoming"]


def test_a_field_of_interest_narrows_the_list(client, programs):
    assert eligible(client, age=45, years=5, category="investment") == ["growth-fund"]


def test_each_result_says_why_it_fits(client, programs):
    response = client.get("/programs/eligibility/", {"age": 25, "years": 0})
    page = response.content.decode()
    assert "나이(만 25세)가 조건에 맞습니다." in page
    assert "예비창업자 대상이며, 예비창업자에 해당합니다." in page
    assert "대학생 대상입니다. 해당하는지 확인하세요." in page


def test_bad_answers_are_reported_not_failed(client, programs):
    response = client.get("/programs/eligibility/", {"age": "old", "years": "-1", "category": "nope"})
    assert response.status_code == 200
    assert response.context["sure"] == [] and response.context["to_check"] == []
    assert set(response.context["form"].errors) == {"age", "years", "category"}


@pytest.mark.parametrize(
    "slug, age, years, verdict, reason",
    [
        ("youth-academy", 17, None, False, "Too young: the minimum age is 19."),
        ("youth-academy", 45, None, False, "Too old: the maximum age is 39."),
        ("youth-academy", 30, None, True, "Your age, 30, is within the limits."),
        ("pre-founders", None, 2, False, "Too many business years: only pre-founders may apply."),
        ("growth-fund", None, 9, False, "Too many business years: at most 7."),
        ("growth-fund", None, 4, True, "Up to 7 business years: you have 4."),
        # Without an age the answers say nothing about youth: the person checks it.
        ("youth-academy", None, 10, True, "For Youth: check that this applies to you."),
        ("youth-academy", 45, 10, False, "Audience not covered: this program is for Youth."),
    ],
)
def test_program_fit_reasons(programs, slug, age, years, verdict, reason):
    from django.utils import translation

    with translation.override("en"):
        reasons = program_fit(programs[slug], Applicant(age=age, years=years))
        texts = [str(item.text) for item in reasons]
    assert reason in texts
    assert all(item.fits for item in reasons) is verdict


def test_program_page_says_why_it_does_not_fit(client, programs):
    page = client.get("/en/programs/youth-academy/", {"age": 45, "years": 10}).content.decode()
    assert "No, it does not fit your answers." in page
    assert "Too old: the maximum age is 39." in page
    assert "Audience not covered: this program is for Youth." in page


def test_program_page_confirms_a_fit(client, programs):
    page = client.get("/programs/youth-academy/", {"age": 25}).content.decode()
    assert "입력한 조건에 맞습니다." in page


def test_home_and_catalogue_offer_the_check(client, programs):
    for url in ["/", "/programs/"]:
        page = client.get(url).content.decode()
        assert 'action="/programs/eligibility/"' in page
        assert 'name="age"' in page and 'name="years"' in page


@pytest.mark.parametrize(
    "audiences, rules, refused",
    [
        (["growth"], {"max_business_years": 0}, True),  # pre-founders only, yet for growth-stage companies
        (["early-stage"], {"max_business_years": 0}, True),
        (["growth"], {"max_business_years": 2}, True),
        (["growth"], {"max_business_years": 7}, False),
        (["pre-founder"], {"max_business_years": 0}, False),
        (["youth"], {"min_age": 15, "max_age": 39}, True),
        (["youth"], {"min_age": 19, "max_age": 45}, True),
        (["youth"], {"min_age": 20, "max_age": 34}, False),
        (["youth"], {}, False),
    ],
)
def test_contradictory_rules_are_refused_with_a_message(client, city_editor, audiences, rules, refused):
    from programs.models import Audience, Program
    from tests.admin_forms import admin_form_data

    chosen = [AudienceFactory(slug=slug, name_ko=slug, name_en=slug) for slug in audiences]
    program = ProgramFactory()
    client.force_login(city_editor)
    data = admin_form_data(city_editor, program, audiences=[str(a.pk) for a in chosen])
    data.update({name: str(value) for name, value in rules.items()})
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data)
    saved = Program.objects.get(pk=program.pk)
    if refused:
        assert response.status_code == 200 and "errorlist" in response.content.decode()
        assert not saved.audiences.exists()
    else:
        assert response.status_code == 302
        assert set(saved.audiences.all()) == set(Audience.objects.filter(slug__in=audiences))


def test_check_yourself_results_are_listed_apart(client, programs):
    response = client.get("/programs/eligibility/", {"age": 25, "years": 0})
    assert [program.slug for program, _ in response.context["to_check"]] == ["campus"]
    assert "campus" not in [program.slug for program, _ in response.context["sure"]]


def test_an_empty_checker_asks_for_answers(client, programs):
    response = client.get("/programs/eligibility/", {"check": "1"})
    assert response.context["asks_for_answers"] and not response.context["paginator"].count
    assert "나이나 업력" in response.content.decode() or "age or your business years" in response.content.decode()


PROFILES = [
    {"age": 25, "years": 0},
    {"age": 45, "years": 5},
    {"age": 30},
    {"years": 10},
    {"age": 19, "years": 2},
    {"age": 45, "years": 5, "category": "investment"},
]


@pytest.mark.parametrize("answers", PROFILES, ids=[str(profile) for profile in PROFILES])
def test_the_catalogue_and_the_checker_give_the_same_programs_for_the_same_answers(client, programs, answers):
    catalogue = client.get("/programs/", answers)
    listed = sorted(program.slug for program in catalogue.context["programs"])
    assert catalogue.context["paginator"].count == len(listed)
    assert listed == eligible(client, **answers)


def test_the_program_pages_cached_form_shows_each_visitors_own_answers(client):
    program = ProgramFactory(slug="form-cache", min_age=19, max_age=39)
    url = program.get_absolute_url()
    assert 'value="25"' in client.get(url, {"age": "25", "u": "1"}).content.decode()
    other = client.get(url, {"age": "45", "u": "2"}).content.decode()
    assert 'value="45"' in other and 'value="25"' not in other
    wrong = client.get(url, {"age": "many"}).content.decode()
    assert 'value="many"' in wrong and "is-invalid" in wrong
    plain = client.get(url, {"u": "3"}).content.decode()
    assert 'id="eligibility-age"' in plain and "is-invalid" not in plain and 'value="many"' not in plain
    assert f'action="{url}"' in plain


def test_the_audience_rule_keeps_programs_for_everyone_or_for_an_audience_not_ruled_out():
    audiences = {
        slug: AudienceFactory(slug=slug, name_ko=slug, name_en=slug)
        for slug in ("youth", "pre-founder", "early-stage", "sme", "student")
    }
    combinations = [(), ("youth",), ("youth", "student"), ("pre-founder",), ("pre-founder", "youth"), ("sme",)]
    for combination in combinations:
        slug = "for-" + ("-".join(combination) or "everyone")
        ProgramFactory(slug=slug, audiences=[audiences[name] for name in combination])
    for applicant in [Applicant(age=45), Applicant(age=25, years=0), Applicant(age=45, years=10), Applicant(years=2)]:
        kept = set(applicant_fits(Program.objects.all(), applicant).values_list("slug", flat=True))
        expected = {
            "for-" + ("-".join(combination) or "everyone")
            for combination in combinations
            if not combination or set(combination) - applicant.ruled_out
        }
        assert kept == expected, applicant
