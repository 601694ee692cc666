"""Applying on the portal in a browser on a 360 px phone, in Korean and in English, with the emails received by a real
SMTP server: ask for a link from the program's page, open it, fill two sections, leave, come back in a fresh browser
with everything kept, upload two files, submit, check the receipt email's hash against the downloaded manifest,
submit again, withdraw. The page never scrolls sideways."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from applications.models import Application, ApplicationForm, Question, QuestionKind
from tests.browser.conftest import phone_page
from tests.factories import PartnerFactory, ProgramFactory
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

WORDS = {
    "ko": {
        "prefix": "",
        "apply": "신청하기",
        "send": "링크 받기",
        "details": "신청인 정보와 개인정보 동의",
        "go_on": "저장하고 다음으로",
        "draft": "임시저장",
        "plan": "사업 계획",
        "papers": "제출 서류",
        "submit": "제출",
        "again": "다시 제출(새 제출본)",
        "withdraw": "신청 철회",
        "withdrawn": "철회",
    },
    "en": {
        "prefix": "/en",
        "apply": "Apply on the portal",
        "send": "Email me the link",
        "details": "Your details and consent",
        "go_on": "Save and go on",
        "draft": "Save as draft",
        "plan": "Business plan",
        "papers": "Documents",
        "submit": "Submit",
        "again": "Submit again (a new version)",
        "withdraw": "Withdraw my application",
        "withdrawn": "Withdrawn",
    },
}


@pytest.fixture
def form():
    program = ProgramFactory(
        slug="gpu-support", title_ko="GPU 지원사업", title_en="GPU support", organizer=PartnerFactory(slug="gjtp")
    )
    form = ApplicationForm.objects.create(program=program, accepting=True)
    plan = {"section_ko": "사업 계획", "section_en": "Business plan"}
    papers = {"section_ko": "제출 서류", "section_en": "Documents"}
    Question.objects.create(
        form=form, position=1, kind=QuestionKind.LONG_TEXT, label_ko="사업 개요", label_en="Summary", max_length=300,
        **plan,
    )  # fmt: skip
    Question.objects.create(
        form=form, position=2, kind=QuestionKind.CHOICE, label_ko="기술 분야", label_en="Technology",
        choices_ko="AI\n데이터", choices_en="AI\nData", **plan,
    )  # fmt: skip
    Question.objects.create(
        form=form, position=3, kind=QuestionKind.FILE, label_ko="사업계획서", label_en="Business plan file",
        file_types="pdf", **papers,
    )  # fmt: skip
    Question.objects.create(
        form=form, position=4, kind=QuestionKind.FILE, label_ko="사진", label_en="Photo", file_types="png,jpg",
        required=False, **papers,
    )  # fmt: skip
    return form


def emailed_link(smtp, email):
    run_worker()
    body = smtp.to(email)[-1].get_body(("plain",)).get_content()
    return body, re.search(r"http://testserver(/(?:en/)?apply/[^/\s]+/)", body).group(1)


def fits_the_phone(page):
    page.wait_for_load_state()  # a click's navigation may still be swapping the document
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.parametrize("language", ["ko", "en"])
def test_apply_leave_come_back_upload_submit_resubmit_withdraw(browser, live_server, smtp, form, tmp_path, language):
    words, email = WORDS[language], f"{language}-founder@example.com"
    page = phone_page(browser, live_server)
    page.goto(f"{words['prefix']}{form.program.get_absolute_url().removeprefix('/en')}")
    page.get_by_role("link", name=words["apply"]).first.click()
    page.locator("#id_email").fill(email)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator("h1 + p[role=status]")).to_be_visible()
    fits_the_phone(page)
    _, link = emailed_link(smtp, email)

    page.goto(link)
    page.get_by_role("link", name=words["details"]).click()
    page.locator("#id_name").fill("김지은")
    page.locator("#id_phone").fill("010-1234-5678")
    page.locator("#id_organisation").fill("(주)광주랩")
    page.locator("input[name=stage][value=pre_founder]").check()
    page.locator("#id_consent").check()
    fits_the_phone(page)
    page.get_by_role("button", name=words["go_on"]).click()
    summary, technology = form.questions.get(position=1), form.questions.get(position=2)
    page.locator(f"#id_q{summary.pk}").fill("광주에서 AI 반도체를 실증합니다.")
    page.locator(f"input[name=q{technology.pk}]").first.check()
    fits_the_phone(page)
    page.get_by_role("button", name=words["draft"]).click()
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()  # saved before the browser goes
    page.context.close()  # leave

    page = phone_page(browser, live_server)  # a fresh browser: nothing but the link
    page.goto(link)
    page.get_by_role("link", name=words["plan"]).click()
    expect(page.locator(f"#id_q{summary.pk}")).to_have_value("광주에서 AI 반도체를 실증합니다.")
    expect(page.locator(f"input[name=q{technology.pk}]").first).to_be_checked()
    page.goto(link)
    page.get_by_role("link", name=words["papers"]).click()
    (tmp_path / "plan.pdf").write_bytes(PDF)
    (tmp_path / "photo.png").write_bytes(PNG)
    page.locator(f"#id_q{form.questions.get(position=3).pk}").set_input_files(tmp_path / "plan.pdf")
    page.locator(f"#id_q{form.questions.get(position=4).pk}").set_input_files(tmp_path / "photo.png")
    fits_the_phone(page)
    page.get_by_role("button", name=words["draft"]).click()
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()

    page.goto(link)
    page.get_by_role("button", name=words["submit"], exact=True).click()
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()
    application = Application.objects.get(email=email)
    assert application.receipt_number
    expect(page.locator("body")).to_contain_text(application.receipt_number)
    fits_the_phone(page)
    receipt, _ = emailed_link(smtp, email)
    manifest = page.request.get(f"{link}manifest/1/")
    assert hashlib.sha256(manifest.body()).hexdigest() in receipt
    assert hashlib.sha256(PNG).hexdigest() in manifest.text()

    page.get_by_role("button", name=words["again"]).click()
    expect(page.locator("a[href$='/manifest/2/']")).to_be_visible()
    application.refresh_from_db()
    assert application.version == 2
    page.get_by_role("link", name=words["withdraw"]).click()
    page.locator("form button.btn-danger").click()
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()
    page.goto(link)
    expect(page.locator("body")).to_contain_text(words["withdrawn"])
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    page.context.close()
