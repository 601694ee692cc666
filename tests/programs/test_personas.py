"""Twenty personas against a catalogue of ten programs, with the answer worked out by hand for each: F fits, C to
check (확인 필요), N not for you. The checker (its three groups) and each program's verdict must give the table.
Budget: 30 s a pass (measured 17 s)."""

import pytest

from programs.rules import Answers, Fit, verdict
from tests.factories import AudienceFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# slug: the program's rules, in the order of the table's columns
PROGRAMS = {
    "youth": {"min_age": 19, "max_age": 39},
    "pre-founders": {"max_business_years": 0},
    "early": {"max_business_years": 3},
    "growth": {"min_business_years": 4, "max_business_years": 7},
    "mature": {"min_business_years": 8},
    "students": {"tags": ["student"]},
    "young-early": {"max_age": 39, "max_business_years": 3},
    "everyone": {},
    "researchers": {"tags": ["researcher"], "min_business_years": 1},
    "seniors": {"min_age": 50},
}

# (age, business year number, audiences confirmed) -> one letter per program, in PROGRAMS' order
PERSONAS = [
    ((25, 0, ()), "FFFNNCFFNN"),
    ((25, 2, ()), "FNFNNCFFCN"),
    ((35, 5, ()), "FNNFNCNFCN"),
    ((45, 5, ()), "NNNFNCNFCN"),
    ((55, 10, ()), "NNNNFCNFCF"),
    ((30, None, ()), "FCCCCCCFCN"),
    ((None, 0, ()), "CFFNNCCFNC"),
    ((None, 4, ()), "CNNFNCNFCC"),
    ((20, 1, ("student",)), "FNFNNFFFCN"),
    ((40, 3, ("researcher",)), "NNFNNCNFFN"),
    ((19, 8, ()), "FNNNFCNFCN"),
    ((39, 7, ()), "FNNFNCNFCN"),
    ((18, 0, ()), "NFFNNCFFNN"),
    ((50, 3, ("student", "researcher")), "NNFNNFNFFF"),
    ((60, None, ()), "NCCCCCNFCF"),
    ((None, 12, ()), "CNNNFCNFCC"),
    ((26, 0, ("student",)), "FFFNNFFFNN"),
    ((33, 3, ()), "FNFNNCFFCN"),
    ((70, 20, ()), "NNNNFCNFCF"),
    ((None, None, ("researcher",)), "CCCCCCCFCC"),
]
LETTERS = {"F": Fit.FITS, "C": Fit.CHECK, "N": Fit.NOT_FOR_YOU}


@pytest.fixture
def catalogue():
    tags = {
        slug: AudienceFactory(slug=slug, name_ko=slug, name_en=slug) for slug in ("student", "researcher")
    }  # fmt: skip
    made = {}
    for slug, rules in PROGRAMS.items():
        rules = dict(rules)
        made[slug] = ProgramFactory(slug=slug, audiences=[tags[tag] for tag in rules.pop("tags", [])], **rules)
    return made


@pytest.mark.parametrize("persona, expected", PERSONAS, ids=[f"{p[0]}-{p[1]}-{'+'.join(p[2])}" for p, _ in PERSONAS])
def test_each_persona_gets_the_answer_worked_out_by_hand(client, catalogue, persona, expected):
    age, years, confirmed = persona
    table = dict(zip(PROGRAMS, (LETTERS[letter] for letter in expected), strict=True))
    answers = Answers(age=age, years=years, confirmed=frozenset(confirmed))
    assert {slug: verdict(program, answers).fit for slug, program in catalogue.items()} == table

    query = {"age": age, "years": years, "confirm": list(confirmed)}
    context = client.get("/programs/eligibility/", {k: v for k, v in query.items() if v not in (None, [])}).context
    groups = {
        Fit.FITS: {program.slug for program, _ in context["sure"]},
        Fit.CHECK: {program.slug for program, _ in context["to_check"]},
        Fit.NOT_FOR_YOU: {program.slug for program, _ in context["not_for_you"]},
    }
    assert groups == {fit: {slug for slug, said in table.items() if said == fit} for fit in Fit}
