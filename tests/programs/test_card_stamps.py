"""A program's card is made again after the program's own save and any change other records' cards share (a field, a
relation, a deletion), and only then: an editor's save of one program leaves the other programs' cards in the cache,
and an institute's save every card, its new name filled in when the page is put together (core.generation's
stamps).

Each test changes a title behind the cache's back (an UPDATE sends no signal): a card still showing the old title was
served from the cache, one showing the new title was made again."""

import pytest
from django.template import Context, Template

from core.generation import content_generation, record_stamps
from programs.models import Program
from tests.factories import AudienceFactory, CategoryFactory, PartnerFactory, ProgramFactory

pytestmark = pytest.mark.django_db

CARDS = Template(
    "{% load programs_tags %}{% program_cards programs as cards %}{% for card in cards %}{{ card }}{% endfor %}"
)


def cards(*programs):
    return CARDS.render(Context({"programs": [Program.objects.get(pk=program.pk) for program in programs]}))


def retitle_unseen(program, title):
    Program.objects.filter(pk=program.pk).update(title_ko=title)


@pytest.fixture
def two():
    partner, category = PartnerFactory(), CategoryFactory()
    first = ProgramFactory(title_ko="첫째 사업", organizer=partner, category=category)
    second = ProgramFactory(title_ko="둘째 사업", organizer=partner, category=category)
    cards(first, second)
    retitle_unseen(second, "둘째 사업 (저장 안 됨)")
    return first, second


def test_a_programs_save_makes_its_own_card_again_and_keeps_the_others(two):
    first, second = two
    generation = content_generation()
    first.title_ko = "첫째 사업 (고침)"
    first.save()
    html = cards(first, second)
    assert "첫째 사업 (고침)" in html  # made again
    assert "둘째 사업" in html and "저장 안 됨" not in html  # from the cache
    assert content_generation() != generation  # lists and pages still see every save


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda first, second: first.category.save(), id="the field saved"),
        pytest.param(lambda first, second: first.audiences.add(AudienceFactory()), id="a relation changed"),
        pytest.param(lambda first, second: ProgramFactory().delete(), id="a program deleted"),
    ],
)
def test_a_shared_change_makes_every_card_again(two, change):
    first, second = two
    change(first, second)
    assert "둘째 사업 (저장 안 됨)" in cards(first, second)


def test_an_institutes_save_shows_its_new_name_on_its_programs_kept_cards(two):
    first, second = two
    institute = first.organizer
    old_name = institute.display_name
    elsewhere = ProgramFactory(title_ko="다른 기관 사업", category=first.category)
    cards(first, elsewhere)
    retitle_unseen(elsewhere, "다른 기관 사업 (저장 안 됨)")
    institute.name_ko, institute.short_name_ko = "새 이름 <기관> & 센터", ""
    institute.save()
    html = cards(first, second, elsewhere)
    assert html.count("새 이름 &lt;기관&gt; &amp; 센터") == 2 and old_name not in html  # its name, escaped, at once
    assert "저장 안 됨" not in html  # and every card kept, its own programs' too
    assert elsewhere.organizer.display_name in html


def test_a_card_names_its_institute_in_the_pages_language(two):
    from django.utils import translation

    first, _ = two
    first.organizer.name_ko, first.organizer.name_en, first.organizer.short_name = "한글 기관", "English Institute", ""
    first.organizer.save()
    with translation.override("en"):
        assert "English Institute" in cards(first) and "한글 기관" not in cards(first)
    with translation.override("ko"):
        assert "한글 기관" in cards(first)


def test_a_saved_version_in_the_history_moves_nothing(two):
    first, second = two
    stamps = record_stamps([(Program, first.pk)])
    generation = content_generation()
    first.history.first().save()
    assert record_stamps([(Program, first.pk)]) == stamps and content_generation() == generation


MARKED = Template(
    "{% load programs_tags %}{% program_cards programs highlight=terms as cards %}"
    "{% for card in cards %}{{ card }}{% endfor %}"
)


def test_a_search_reuses_the_kept_card_with_its_words_marked_in_the_title(two):
    first, second = two
    ProgramFactory(slug="markup", title_ko="R&D <지원> 사업", organizer=first.organizer, category=first.category)
    cards(Program.objects.get(slug="markup"))
    retitle_unseen(first, "첫째 사업 (저장 안 됨)")
    programs = [Program.objects.get(pk=first.pk), Program.objects.get(slug="markup")]
    html = MARKED.render(Context({"programs": programs, "terms": ["사업"]}))
    assert "첫째 <mark>사업</mark></a>" in html and "저장 안 됨" not in html  # the card kept for the catalogue
    assert "R&amp;D &lt;지원&gt; <mark>사업</mark></a>" in html and "<지원>" not in html  # escaped as before
    assert "<mark>" not in cards(first)  # and the kept card itself stays unmarked
