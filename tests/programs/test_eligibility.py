"""'Am I eligible?': programs one can apply to now or soon, in two groups (those that fit, then those to check, with
the verdict of each rule), the programs that do not fit counted and explained; the same answer on a program's page
and in the catalogue's "who you are" filters (programs/rules.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from programs.models import Program
from programs.rules import Answers, Fit, verdict
from tests.factories import AudienceFactory, CategoryFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs():
    students = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    investment = CategoryFactory(slug="investment", name_ko="투자", name_en="Investment")
    return {
        "youth-academy": ProgramFactory(slug="youth-academy", min_age=19, max_age=39),
        "pre-founders": ProgramFactory(slug="pre-founders", max_business_years=0),
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


def checked(client, **answers):
    response = client.get("/programs/eligibility/", answers)
    assert response.status_code == 200
    context = response.context
    return (
        sorted(program.slug for program, _ in context["sure"]),
        sorted(program.slug for program, _ in context["to_check"]),
        sorted(program.slug for program, _ in context["not_for_you"]),
    )


@pytest.mark.parametrize(
    "answers, fits, to_check, not_for_you",
    [
        (
            {"age": 25, "years": 0},
            ["growth-fund", "pre-founders", "upcoming", "youth-academy"],
            ["campus"],
            ["seniors"],
        ),
        ({"age": 45, "years": 5}, ["growth-fund", "upcoming"], ["campus"],
         ["pre-founders", "seniors", "youth-academy"]),
        ({"age": 30}, ["upcoming", "youth-academy"], ["campus", "growth-fund", "pre-founders"], ["seniors"]),
        ({"age": 45, "years": 5, "category": "investment"}, ["growth-fund"], [], ["campus", "pre-founders", "seniors",
                                                                                  "upcoming", "youth-academy"]),
        ({"age": 25, "years": 0, "confirm": "student"}, ["campus", "growth-fund", "pre-founders", "upcoming",
                                                         "youth-academy"], [], ["seniors"]),
    ],
)  # fmt: skip
def test_the_checker_groups_what_fits_what_to_check_and_what_does_not(client, programs, answers, fits, to_check,
                                                                      not_for_you):  # fmt: skip
    assert checked(client, **answers) == (fits, to_check, not_for_you)


def test_each_result_shows_the_verdict_of_each_rule(client, programs):
    page = client.get("/en/programs/eligibility/", {"age": 45, "years": 5}).content.decode()
    assert "To check</strong> · Open to: Students" in page
    assert "Met</strong> · Business years: in business up to year 7, or a pre-founder" in page
    assert "Not met</strong> · Age: aged 19 to 39" in page  # in the "not for you" list, with why
    assert "3 programs are not for you: see why" in page


def test_what_fits_comes_before_what_to_check_on_every_page(client, programs):
    for number in range(3):
        ProgramFactory(slug=f"also-for-students-{number}", audiences=[programs["campus"].audiences.get()])
    first = client.get("/programs/eligibility/", {"age": 25, "years": 0, "page": 1}).context
    assert [program.fit_group for program in first["programs"]] == ["fits"] * 4 + ["check"] * 4


def test_bad_answers_are_reported_not_failed(client, programs):
    response = client.get("/programs/eligibility/", {"age": "old", "years": "-1", "category": "nope"})
    assert response.status_code == 200
    assert response.context["sure"] == [] and response.context["to_check"] == []
    assert set(response.context["form"].errors) == {"age", "years", "category"}


@pytest.mark.parametrize(
    "slug, answers, fit, texts",
    [
        ("youth-academy", Answers(age=17), Fit.NOT_FOR_YOU, ["Not met · Age: aged 19 to 39"]),
        ("youth-academy", Answers(age=30), Fit.FITS, ["Met · Age: aged 19 to 39"]),
        ("youth-academy", Answers(years=3), Fit.CHECK, ["To check · Age: aged 19 to 39"]),
        ("pre-founders", Answers(years=2), Fit.NOT_FOR_YOU, ["Not met · Business years: pre-founders only"]),
        ("growth-fund", Answers(years=9), Fit.NOT_FOR_YOU, ["Not met · Business years: in business up to year 7, "
                                                             "or a pre-founder"]),
        ("campus", Answers(age=20), Fit.CHECK, ["To check · Open to: Students"]),
        ("campus", Answers(confirmed=frozenset({"student"})), Fit.FITS, ["Met · Open to: Students"]),
        ("growth-fund", Answers(years=2, categories=frozenset({"education"})), Fit.NOT_FOR_YOU,
         ["Not met · Field: Investment"]),
    ],
)  # fmt: skip
def test_the_verdict_of_a_program_names_each_rule(programs, slug, answers, fit, texts):
    with translation.override("en"):
        result = verdict(programs[slug], answers)
        said = [f"{check.label} · {check.text}" for check in result.checks]
    assert result.fit == fit
    assert set(texts) <= set(said)


@pytest.mark.parametrize(
    "answers, said",
    [
        ({"age": 45, "years": 10}, "No, it does not fit your answers."),
        ({"age": 25}, "Yes, it fits your answers."),
        ({"years": 2}, "It may fit: check what your answers say nothing about."),
    ],
)
def test_the_program_page_gives_the_same_verdict(client, programs, answers, said):
    page = client.get("/en/programs/youth-academy/", answers).content.decode()
    assert said in page


def test_the_program_page_says_who_may_apply_in_one_sentence_and_shows_the_stages_the_rules_make(client):
    ProgramFactory(slug="young-starters", max_age=39, max_business_years=3)
    page = client.get("/en/programs/young-starters/").content.decode()
    assert "Aged 39 or under, in business up to year 3, or a pre-founder" in page
    for audience in ("Pre-founders", "Early-stage (under 3 years)", "Youth"):
        assert audience in page
    assert "Growth stage" not in page


def test_an_empty_checker_asks_for_answers(client, programs):
    response = client.get("/programs/eligibility/", {"check": "1"})
    assert response.context["asks_for_answers"] and not response.context["paginator"].count


PROFILES = [{"age": 25, "years": 0}, {"age": 45, "years": 5}, {"age": 30}, {"years": 10}, {"age": 19, "years": 2}]


@pytest.mark.parametrize("answers", PROFILES, ids=[str(profile) for profile in PROFILES])
def test_the_catalogue_and_the_checker_give_the_same_programs_in_the_same_groups(client, programs, answers):
    catalogue = client.get("/programs/", answers).context
    groups = {"fits": [], "check": []}
    for program in catalogue["programs"]:
        groups[program.fit_group].append(program.slug)
    fits, to_check, _not_for_you = checked(client, **answers)
    assert (sorted(groups["fits"]), sorted(groups["check"])) == (fits, to_check)
    assert [program.fit_group for program in catalogue["programs"]] == sorted(
        (program.fit_group for program in catalogue["programs"]), key=["fits", "check"].index
    )


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


def test_the_admin_offers_only_the_audiences_no_rule_expresses_and_warns_about_an_edge(client, city_editor):
    from tests.admin_forms import admin_form_data

    student = AudienceFactory(slug="student", name_ko="대학생", name_en="Students")
    program = ProgramFactory(rules_to_confirm=["growth"])
    client.force_login(city_editor)
    form = client.get(f"/admin/programs/program/{program.pk}/change/").content.decode()
    assert 'value="student"' not in form or f'value="{student.pk}"' in form
    assert "신청 자격 규칙과 맞지 않습니다" in form  # the program's old tag, shown until an editor confirms
    choices = client.get(f"/admin/programs/program/{program.pk}/change/").context["adminform"].form
    offered = {audience.slug for audience in choices.fields["audiences"].queryset}
    assert "student" in offered and not offered & {"pre-founder", "early-stage", "growth", "mature", "youth"}
    data = admin_form_data(city_editor, program, min_business_years="3", max_business_years="3")
    response = client.post(f"/admin/programs/program/{program.pk}/change/", data, follow=True)
    assert [str(message) for message in response.context["messages"] if "year 3" in str(message) or "3년차" in
            str(message)]  # fmt: skip
    program.refresh_from_db()
    assert (program.min_business_years, program.max_business_years, program.rules_to_confirm) == (3, 3, [])
    refused = admin_form_data(city_editor, program, min_business_years="5", max_business_years="3")
    assert client.post(f"/admin/programs/program/{program.pk}/change/", refused).status_code == 200
    assert Program.objects.get(pk=program.pk).min_business_years == 3
