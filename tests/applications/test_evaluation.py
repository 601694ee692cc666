"""The evaluation's rules, without the reviewer area: weighted totals and their combination against worked examples
to two decimals, an even draw of reviewers, a conflict that removes the assignment and draws a replacement, scores
refused when out of range or too briefly explained, changes kept until the panel closes, and the ranking with its
tie-break and flagged reviewers. Budget: 20 s a pass."""

import random
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from applications import reviewing, scoring
from applications.models import (
    Application,
    ApplicationForm,
    Assignment,
    Combination,
    Criterion,
    Declaration,
    Reviewer,
    Rubric,
    ScoreChange,
)
from applications.services import Refused
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

# 사업성 30, 기술성 30 (out of 100 each), 팀 역량 20 (out of 10), 지역 기여 20 (out of 5)
CRITERIA = [
    SimpleNamespace(pk=1, weight=30, max_score=100),
    SimpleNamespace(pk=2, weight=30, max_score=100),
    SimpleNamespace(pk=3, weight=20, max_score=10),
    SimpleNamespace(pk=4, weight=20, max_score=5),
]
GIVEN = {  # reviewer: points per criterion -> total worked out by hand
    "A": ((85, 72, 8, 3), "75.10"),  # 25.5 + 21.6 + 16 + 12
    "B": ((90, 88, 9, 5), "91.40"),  # 27 + 26.4 + 18 + 20
    "C": ((60, 65, 7, 4), "67.50"),  # 18 + 19.5 + 14 + 16
    "D": ((77, 81, 6, 2), "67.40"),  # 23.1 + 24.3 + 12 + 8
    "E": ((70, 70, 10, 3), "74.00"),  # 21 + 21 + 20 + 12
}


def totals(codes):
    return {
        code: scoring.reviewer_total(dict(zip((1, 2, 3, 4), GIVEN[code][0], strict=True)), CRITERIA) for code in codes
    }


@pytest.mark.parametrize("code", sorted(GIVEN))
def test_a_reviewers_total_weighs_each_criterion_by_its_most_points(code):
    assert scoring.rounded(totals(code)[code]) == Decimal(GIVEN[code][1])


@pytest.mark.parametrize(
    ("codes", "combination", "expected"),
    [
        ("ABCDE", Combination.MEAN, "75.08"),  # 375.40 / 5
        ("ABCDE", Combination.TRIMMED, "72.20"),  # without 91.40 and 67.40: 216.60 / 3
        ("ABCD", Combination.TRIMMED, "75.35"),  # four reviewers: the plain mean, 301.40 / 4
        ("ACE", Combination.MEAN, "72.20"),  # 216.60 / 3
    ],
)
def test_totals_combine_as_the_rubric_says(codes, combination, expected):
    assert scoring.rounded(scoring.combined(totals(codes).values(), combination)) == Decimal(expected)


def test_figures_are_rounded_half_up_only_at_the_end():
    seventh = [SimpleNamespace(pk=1, weight=30, max_score=7)]
    assert scoring.rounded(scoring.reviewer_total({1: 1}, seventh)) == Decimal("4.29")  # 4.2857...
    assert scoring.rounded(scoring.combined([Decimal("70.005"), Decimal("70.005")], Combination.MEAN)) == Decimal(
        "70.01"
    )
    standing = scoring.standing(1, totals("ABCDE"), Combination.MEAN)
    assert standing.spread == Decimal("24.00") and standing.far == ("B",)  # 91.40 against the others' 71.00


@pytest.fixture
def round_with_reviewers(institute):
    def make(applications=7, reviewers=5, per_application=3):
        form = ApplicationForm.objects.create(program=ProgramFactory(organizer=institute), accepting=True)
        rubric = Rubric.objects.create(form=form, reviewers_per_application=per_application)
        for position, (name, weight, most) in enumerate(
            [("사업성", 30, 100), ("기술성", 30, 100), ("팀 역량", 20, 10), ("지역 기여", 20, 5)], start=1
        ):
            Criterion.objects.create(
                rubric=rubric, position=position, name_ko=name, weight=weight, max_score=most, min_comment_length=10
            )
        users = get_user_model().objects
        pool = [
            Reviewer.objects.create(
                user=users.create_user(f"reviewer-{form.pk}-{number}"),
                institute=institute,
                code=f"R{form.pk:02d}{number:02d}",
                name=f"평가위원 {number}",
            )
            for number in range(reviewers)
        ]
        rubric.pool.set(pool)
        for number in range(applications):
            Application.objects.create(
                form=form,
                email=f"applicant{number}@example.com",
                name=f"신청인 {number}",
                version=1,
                receipt_number=f"GJ-2026-{form.pk:02d}{number:04d}",
                submitted_at=timezone.now(),
                status=Application.Status.SUBMITTED,
            )
        return rubric

    return make


@pytest.mark.parametrize(("applications", "reviewers", "per_application"), [(7, 5, 3), (10, 4, 2), (3, 7, 3)])
def test_a_draw_keeps_every_reviewers_load_within_one_of_the_others(
    round_with_reviewers, applications, reviewers, per_application
):
    rubric = round_with_reviewers(applications, reviewers, per_application)
    made = reviewing.reviewers_draw(rubric=rubric, rng=random.Random(7))
    assert len(made) == applications * per_application
    loads = [reviewer.assignments.count() for reviewer in rubric.pool.all()]
    assert max(loads) - min(loads) <= 1
    for application in reviewing.applications_to_review(rubric):
        assert application.assignments.values("reviewer").distinct().count() == per_application
    assert reviewing.reviewers_draw(rubric=rubric) == []  # drawing again adds nothing


def test_a_conflict_removes_the_assignment_keeps_the_declaration_and_draws_a_replacement(round_with_reviewers):
    rubric = round_with_reviewers(applications=4, reviewers=4, per_application=2)
    reviewing.reviewers_draw(rubric=rubric, rng=random.Random(1))
    assignment = Assignment.objects.order_by("pk").first()
    application, reviewer = assignment.application, assignment.reviewer
    with pytest.raises(Refused):
        reviewing.conflict_declare(assignment=assignment, reason="none of them")
    replacement = reviewing.conflict_declare(assignment=assignment, reason=Declaration.Reason.INVESTMENT, note="투자사")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert Declaration.objects.get(application=application, reviewer=reviewer).conflict
    assert replacement.application == application and replacement.reviewer != reviewer
    assert application.assignments.count() == 2
    reviewing.reviewers_draw(rubric=rubric)
    assert not application.assignments.filter(reviewer=reviewer).exists()  # never drawn back


def scores_of(rubric, points, comment="근거가 충분한 평가 의견입니다."):
    return {criterion.pk: (value, comment) for criterion, value in zip(rubric.criteria.all(), points, strict=True)}


def test_scores_need_a_declaration_points_in_range_and_a_long_enough_comment(round_with_reviewers):
    rubric = round_with_reviewers(applications=1, reviewers=1, per_application=1)
    [assignment] = reviewing.reviewers_draw(rubric=rubric)
    by = assignment.reviewer.user
    with pytest.raises(Refused, match="이해충돌"):
        reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, (80, 70, 8, 3)), by=by)
    assert not reviewing.may_open(assignment)
    reviewing.no_conflict_declare(assignment=assignment)
    assert reviewing.may_open(assignment) and not reviewing.others_visible(assignment)
    explained = "근거가 충분한 평가 의견입니다."
    for points in [(101, 70, 8, 3), (80, 70, 8, "x"), (80, 70, 8, -1)]:
        with pytest.raises(Refused):
            reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, points, explained), by=by)
    with pytest.raises(Refused, match="10"):
        reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, (80, 70, 8, 3), "짧은 의견"), by=by)
    assert not assignment.scores.exists()  # all or nothing
    reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, (80, 70, 8, 3)), by=by)
    assert reviewing.others_visible(assignment)
    reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, (85, 70, 8, 3)), by=by)
    change = ScoreChange.objects.get()
    assert (change.old_points, change.new_points, change.changed_by) == (Decimal(80), Decimal(85), by)
    rubric.panel_closed_at = timezone.now()
    rubric.save()
    with pytest.raises(Refused, match="마감"):
        reviewing.scores_submit(assignment=assignment, given=scores_of(rubric, (90, 70, 8, 3)), by=by)


def test_the_ranking_puts_the_best_first_and_breaks_ties_by_the_heaviest_criterion(round_with_reviewers):
    rubric = round_with_reviewers(applications=3, reviewers=2, per_application=2)
    reviewing.reviewers_draw(rubric=rubric)
    first, second, third = reviewing.applications_to_review(rubric)
    points = {
        first.pk: (60, 90, 10, 5),  # 18 + 27 + 20 + 20 = 85
        second.pk: (90, 60, 10, 5),  # 27 + 18 + 20 + 20 = 85, more on 사업성 (the first of the heaviest)
        third.pk: (50, 50, 5, 2),  # 15 + 15 + 10 + 8 = 48
    }
    for assignment in Assignment.objects.all():
        reviewing.no_conflict_declare(assignment=assignment)
        given = scores_of(rubric, points[assignment.application_id])
        reviewing.scores_submit(assignment=assignment, given=given, by=assignment.reviewer.user)
    ranked = reviewing.ranking(rubric)
    assert [standing.application_id for standing in ranked] == [second.pk, first.pk, third.pk]
    assert [standing.score for standing in ranked] == [Decimal("85.00"), Decimal("85.00"), Decimal("48.00")]


def test_a_round_copies_the_rubric_of_the_familys_previous_round(round_with_reviewers, institute):
    previous = round_with_reviewers(applications=0, reviewers=1)
    previous.combination, previous.blind = Combination.TRIMMED, False
    previous.save()
    program = ProgramFactory(organizer=institute, previous_round=previous.form.program)
    rubric = Rubric.objects.create(form=ApplicationForm.objects.create(program=program))
    reviewing.rubric_copy_previous(rubric=rubric)
    assert [criterion.name for criterion in rubric.criteria.all()] == ["사업성", "기술성", "팀 역량", "지역 기여"]
    assert rubric.combination == Combination.TRIMMED and not rubric.blind
    with pytest.raises(Refused):
        reviewing.rubric_copy_previous(rubric=rubric)


ROLES = ["anonymous", "other_partner_editor", "partner_editor", "city_editor"]
# (role) -> expected status for: the rubric's admin page, its history, the reviewer's admin page
EXPECTED = {
    "anonymous": (302, 302, 302),
    "other_partner_editor": (403, 403, 403),
    "partner_editor": (200, 200, 200),
    "city_editor": (200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_roles_against_the_paths_to_a_rubric_and_a_reviewer(client, request, round_with_reviewers, role):
    rubric = round_with_reviewers(applications=2, reviewers=2, per_application=1)
    reviewer = rubric.pool.first()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    paths = (
        f"/admin/applications/rubric/{rubric.pk}/change/",
        f"/admin/applications/rubric/{rubric.pk}/history/",
        f"/admin/applications/reviewer/{reviewer.pk}/change/",
    )
    assert tuple(client.get(path).status_code for path in paths) == EXPECTED[role]
    drawn = client.post("/admin/applications/rubric/", {"action": "draw_reviewers", "_selected_action": [rubric.pk]})
    assert Assignment.objects.exists() == (role in ("partner_editor", "city_editor")), drawn.status_code
    listing = client.get("/admin/applications/reviewer/")
    assert (listing.status_code == 200 and reviewer.code in listing.content.decode()) == (
        role in ("partner_editor", "city_editor")
    )


def rubric_post(rubric, weights, pool):
    data = {
        "form": rubric.form_id,
        "reviewers_per_application": 3,
        "combination": "trimmed",
        "blind": "on",
        "pool": [reviewer.pk for reviewer in pool],
        "criteria-TOTAL_FORMS": str(len(weights)),
        "criteria-INITIAL_FORMS": "0",
    }
    for number, weight in enumerate(weights):
        data.update(
            {
                f"criteria-{number}-position": number + 1,
                f"criteria-{number}-name_ko": f"기준 {number + 1}",
                f"criteria-{number}-weight": weight,
                f"criteria-{number}-max_score": 100,
                f"criteria-{number}-min_comment_length": 30,
            }
        )
    return data


def test_an_editor_weighs_criteria_to_100_and_pools_only_their_own_reviewers(
    client, partner_editor, institute, other_institute
):
    users = get_user_model().objects
    own = Reviewer.objects.create(user=users.create_user("own"), institute=institute, code="A01", name="김평가")
    other = Reviewer.objects.create(user=users.create_user("oth"), institute=other_institute, code="B01", name="이평가")
    rubric = Rubric.objects.create(
        form=ApplicationForm.objects.create(program=ProgramFactory(organizer=institute)), reviewers_per_application=1
    )
    client.force_login(partner_editor)
    url = f"/admin/applications/rubric/{rubric.pk}/change/"
    assert client.post(url, rubric_post(rubric, [30, 30, 20], [own])).status_code == 200  # 80: refused
    assert "100" in client.post(url, rubric_post(rubric, [30, 30, 20], [own])).content.decode()
    refused = client.post(url, rubric_post(rubric, [30, 30, 20, 20], [other]))  # not theirs to pool
    assert refused.status_code == 200 and "pool" in refused.context["adminform"].form.errors
    assert client.post(url, rubric_post(rubric, [30, 30, 20, 20], [own])).status_code == 302
    rubric.refresh_from_db()
    assert list(rubric.pool.all()) == [own] and rubric.criteria.count() == 4


def test_a_reviewer_made_in_the_admin_gets_an_account_that_cannot_reach_the_admin(client, partner_editor, institute):
    client.force_login(partner_editor)
    made = client.post(
        "/admin/applications/reviewer/add/",
        {
            "code": "R77",
            "name": "박외부",
            "affiliation": "광주대학교",
            "email": "park@example.com",
            "institute": institute.pk,
        },
    )
    assert made.status_code == 302
    account = Reviewer.objects.get(code="R77").user
    assert account.email == "park@example.com"
    assert not account.is_staff and not account.is_active and not account.has_usable_password()
