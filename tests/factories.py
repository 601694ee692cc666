from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.publishing import Status
from partners.models import Agreement, Partner, PartnerKind
from programs.models import Audience, Category, Event, Program


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    slug = "education"
    name_ko = "교육"
    name_en = "Education"
    name = factory.SelfAttribute("name_ko")


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["slug"]

    slug = "student"  # an audience no rule expresses: stages and youth follow from the rules (programs/rules.py)
    name_ko = "대학생"
    name_en = "Students"
    name = factory.SelfAttribute("name_ko")


class PublishedMixin(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class PartnerFactory(PublishedMixin):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_ko = factory.Sequence(lambda n: f"테스트 기관 {n}")
    name_en = factory.Sequence(lambda n: f"Test Institute {n}")
    name = factory.SelfAttribute("name_ko")
    kind = PartnerKind.SUPPORT


class AgreementFactory(PublishedMixin):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"agreement-{n}")
    title_ko = factory.Sequence(lambda n: f"테스트 협약 {n}")
    title_en = factory.Sequence(lambda n: f"Test agreement {n}")
    title = factory.SelfAttribute("title_ko")
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted if extracted is not None else [PartnerFactory(), PartnerFactory()])


class ProgramFactory(PublishedMixin):
    """An open program by default: opened a week ago, closes in 30 days."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"program-{n}")
    title_ko = factory.Sequence(lambda n: f"테스트 지원사업 {n}")
    title_en = factory.Sequence(lambda n: f"Test program {n}")
    title = factory.SelfAttribute("title_ko")
    category = factory.SubFactory(CategoryFactory)
    organizer = factory.SubFactory(PartnerFactory)
    application_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    application_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    # What the publishing contract asks of a program people can apply to.
    how_to_apply_ko = "온라인 접수"
    contact_ko = "062-000-0000"

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)

    @factory.post_generation
    def co_organizers(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_organizers.set(extracted)


class EventFactory(PublishedMixin):
    """An upcoming event by default: starts in 10 days, lasts 3 hours."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_ko = factory.Sequence(lambda n: f"테스트 행사 {n}")
    title_en = factory.Sequence(lambda n: f"Test event {n}")
    title = factory.SelfAttribute("title_ko")
    organizer = factory.SubFactory(PartnerFactory)
    category = factory.SubFactory(CategoryFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    # Where it takes place, as the publishing contract asks of an event to come.
    venue_name_ko = "광주 AI 창업캠프"
    venue_address_ko = "광주광역시 (샘플 주소)"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff-{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "test-password")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


def staff_in(group_name, *institutes, **fields):
    """A staff account in one of the curation groups, editing for the given institutes (a persona of the tests)."""
    from django.contrib.auth.models import Group

    user = StaffFactory(**fields)
    user.groups.set([Group.objects.get(name=group_name)])
    for institute in institutes:
        institute.editors.add(user)
    return user
