"""The reviewer area in a browser at 360 px, in Korean and English: setting up the account from the invitation,
signing in with the authenticator's code, the assignments, the declaration, an application opened and scored. Every
page is clean for axe (WCAG 2.1 A/AA) and for the Nu HTML Checker, and never scrolls sideways."""

import json

import pytest
from django.utils import translation

from applications import decisions, reviewer_accounts
from applications.models import Reviewer
from applications.tokens import application_url
from tests.applications.test_reviewer_area import PASSWORD, code_of, panel  # noqa: F401 - the same round
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_html_validity import vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_reviewer_area_is_accessible_and_valid(browser, live_server, panel, institute, tmp_path, language):  # noqa: F811
    rubric, applications, (reviewer, _other) = panel
    newcomer = Reviewer.objects.create(
        user=type(reviewer.user).objects.create_user("reviewer-new", email="new@example.com", is_active=False),
        institute=institute,
        code="N1",
        name="새평가위원",
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url, bypass_csp=True)
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    found, saved = {}, {}

    def check(label):
        problems = violations(page)
        if problems:
            found[label] = problems
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, label
        name = tmp_path / f"page-{len(saved):02d}.html"
        name.write_text(page.content())
        saved[str(name)] = label

    page.goto(f"{language}/review/welcome/{reviewer_accounts.invitation_token(newcomer)}/")
    check("welcome")
    page.goto(f"{language}/review/sign-in/")
    check("sign-in")
    page.locator("#id_email").fill(reviewer.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_code").fill(code_of(reviewer.user))
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**{language}/review/")
    check("assignments")
    assignment = reviewer.assignments.first()
    assert page.goto(f"{language}/review/{assignment.pk}/").status == 403
    check("declare first")
    page.goto(f"{language}/review/{assignment.pk}/declare/")
    check("declaration")
    page.locator("input[name=answer][value=none]").check()
    page.locator("form button.btn-primary").click()
    page.wait_for_url(f"**/review/{assignment.pk}/")
    check("application to score")
    for criterion in rubric.criteria.all():
        page.locator(f"#id_points_{criterion.pk}").fill("70")
        page.locator(f"#id_comment_{criterion.pk}").fill("사업 계획이 구체적이고 실현 가능성이 높습니다.")
    page.locator("form button.btn-primary").click()
    page.wait_for_load_state()
    check("application scored")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    for number, application in enumerate(applications):  # the results, then an applicant's page with the appeal
        decisions.decision_set(application=application, decision="selected" if number < 3 else "not_selected")
    decisions.round_results_publish(form=rubric.form)
    with translation.override(language.strip("/") or "ko"):
        page.goto(application_url(applications[5]).removeprefix("http://testserver"))
    assert page.locator("textarea[name=reason]").count() == 1
    check("applicant's page after the results, with the appeal")
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    errors = vnu_errors(saved)
    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)[:6000]
