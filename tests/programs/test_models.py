from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.publishing import Status
from tests.factories import AgreementFactory, EventFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_program_closing_before_opening_is_refused_by_validation():
    program = ProgramFactory()
    program.application_closes_at = program.application_opens_at - timedelta(days=1)
    with pytest.raises(ValidationError, match="접수 마감은 접수 시작보다 빠를 수 없습니다"):
        program.full_clean()


def test_program_closing_before_opening_is_refused_by_the_database():
    program = ProgramFactory()
    program.application_closes_at = program.application_opens_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_maximum_age_below_minimum_is_refused_by_the_database():
    program = ProgramFactory()
    program.min_age, program.max_age = 30, 20
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_maximum_age_below_minimum_is_refused_by_validation():
    program = ProgramFactory()
    program.min_age, program.max_age = 30, 20
    with pytest.raises(ValidationError, match="최대 나이는 최소 나이보다 작을 수 없습니다"):
        program.full_clean()


def test_event_ending_before_it_starts_is_refused_by_the_database():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(minutes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_event_ending_before_it_starts_is_refused_by_validation():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(minutes=1)
    with pytest.raises(ValidationError, match="행사 종료 일시는 시작 일시보다 빠를 수 없습니다"):
        event.full_clean()


def test_program_period_ending_before_it_starts_is_refused_by_the_database():
    program = ProgramFactory(program_starts_on=timezone.localdate())
    program.program_ends_on = program.program_starts_on - timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_publishing_without_a_date_stamps_the_publication_time():
    before = timezone.now()
    partner = PartnerFactory(status=Status.DRAFT, published_at=None)
    partner.status = Status.PUBLISHED
    partner.save()
    partner.refresh_from_db()
    assert partner.published_at >= before


def test_published_record_without_a_date_is_refused_by_the_database():
    partner = PartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(partner).objects.filter(pk=partner.pk).update(published_at=None)


def test_a_scheduled_date_is_kept_on_publishing():
    later = timezone.now() + timedelta(days=3)
    program = ProgramFactory(published_at=later)
    program.refresh_from_db()
    assert program.published_at == later
    assert program.is_public is False


def test_string_and_urls_of_every_model():
    program = ProgramFactory(slug="youth-academy", title_ko="청년 창업아카데미")
    event = EventFactory(slug="demo-day", title_ko="데모데이")
    agreement = AgreementFactory(slug="ai-agreement", title_ko="AI 협약")
    assert (str(program), program.get_absolute_url()) == ("청년 창업아카데미", "/programs/youth-academy/")
    assert (str(event), event.get_absolute_url()) == ("데모데이", "/events/demo-day/")
    assert (str(agreement), agreement.get_absolute_url()) == ("AI 협약", "/agreements/ai-agreement/")
    assert program.organizer.get_absolute_url() == f"/partners/{program.organizer.slug}/"
    assert str(program.category) == "교육"
    assert program.category.get_absolute_url() == "/programs/?category=education"


def test_agreement_areas_are_one_per_line():
    agreement = AgreementFactory(areas_ko="공동 연구\n\n  인력 파견 \n")
    assert agreement.area_list == ["공동 연구", "인력 파견"]
