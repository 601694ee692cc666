"""Who may apply, read one way everywhere: a program's rules (age, business years, audiences no rule can express),
the stages and youth that follow from them, and for given answers a verdict per rule, met, not met or unknown.

A program fits when every rule is met, does not fit when any is not met, and otherwise needs checking (확인 필요),
with the unknowns named. `verdict` answers for one program; `conditions` is the same answer as query conditions,
so the catalogue, the checker, a program's page and the API agree (tests/programs/test_rules.py draws random
programs and answers to hold them together).

Business years are counted as the business's year number (년차): 0 before it starts (a pre-founder), 1 in its first
year. "업력 3년 이내" is a maximum of 3.
"""

import enum
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Stage:
    """A business stage as a range of year numbers (both ends included; no end: any number above)."""

    slug: str
    first: int
    last: int | None

    def overlaps(self, low, high):
        return (high is None or self.first <= high) and (self.last is None or low <= self.last)


# One definition of each stage. The audiences of the same slugs (programs/migrations/0002, 0018) carry their names.
STAGES = (
    Stage("pre-founder", 0, 0),  # 예비창업자
    Stage("early-stage", 1, 3),  # 초기창업기업(3년 미만)
    Stage("growth", 4, 7),  # 도약기 기업(3~7년)
    Stage("mature", 8, None),  # 성장기 기업(7년 초과)
)
YOUTH = "youth"
DERIVED = frozenset({stage.slug for stage in STAGES} | {YOUTH})  # follow from the rules, never typed in
EVERYONE = frozenset({"citizen"})  # a tag that leaves nobody out


def youth_ages():
    return settings.YOUTH_AGES


def derived_audiences(program):
    """The stages and youth a program's age and business-years rules make it for, in the stages' order; none when
    the rules say nothing (a program open to every stage shows none)."""
    slugs = []
    low, high = program.min_business_years, program.max_business_years
    if low is not None or high is not None:
        slugs += [stage.slug for stage in STAGES if stage.overlaps(low or 0, high)]
    youngest, oldest = youth_ages()
    if program.max_age is not None and youngest <= program.max_age <= oldest:
        slugs.append(YOUTH)
    return slugs


def audience_condition(slug):
    """Query condition of the programs for an audience, as `derived_audiences` and the tags say."""
    from .models import Program

    for stage in STAGES:
        if stage.slug == slug:
            ruled = Q(min_business_years__isnull=False) | Q(max_business_years__isnull=False)
            condition = ruled & (Q(max_business_years__isnull=True) | Q(max_business_years__gte=stage.first))
            if stage.last is not None:
                condition &= Q(min_business_years__isnull=True) | Q(min_business_years__lte=stage.last)
            return condition
    if slug == YOUTH:
        youngest, oldest = youth_ages()
        return Q(max_age__gte=youngest, max_age__lte=oldest)
    return Q(pk__in=Program.audiences.through.objects.filter(audience__slug=slug).values("program_id"))


def tag_slugs(audience_slugs):
    """The audiences no rule can express (researchers, students...): a person confirms them."""
    return set(audience_slugs) - DERIVED - EVERYONE


def audience_tags_column(slugs):
    """Program.audience_tags for a program tagged with `slugs`: the tags a person must confirm, sorted and padded
    with spaces (" researcher student "), so that one tag is found with `contains=" slug "`; "" for none."""
    tags = sorted(tag_slugs(slugs))
    return f" {' '.join(tags)} " if tags else ""


class Verdict(enum.Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Fit(enum.Enum):
    FITS = "fits"
    CHECK = "check"  # 확인 필요
    NOT_FOR_YOU = "not_for_you"


VERDICT_LABELS = {Verdict.MET: _("Met"), Verdict.NOT_MET: _("Not met"), Verdict.UNKNOWN: _("To check")}


@dataclass(frozen=True)
class Check:
    """One rule's verdict for the answers, with the rule in words."""

    rule: str
    verdict: Verdict
    text: str

    @property
    def label(self):
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class Answers:
    """What a person said about themselves; None or empty where they said nothing."""

    age: int | None = None
    years: int | None = None  # the business's year number, 0 for a pre-founder
    categories: frozenset = field(default_factory=frozenset)  # slugs of the fields of interest: any of them
    confirmed: frozenset = field(default_factory=frozenset)  # audience slugs the person says they belong to

    @property
    def answered(self):
        """Whether they said who they are. Fields of interest narrow the answer but say nothing about the person:
        alone, they are the catalogue's plain filter."""
        return self.age is not None or self.years is not None or bool(self.confirmed)


@dataclass(frozen=True)
class ProgramVerdict:
    fit: Fit
    checks: tuple

    @property
    def unknowns(self):
        return [check for check in self.checks if check.verdict == Verdict.UNKNOWN]


def full_years(since, on):
    """The whole years from `since` to `on` (none before `since`): an age, a business's years, answers' age."""
    return max(on.year - since.year - ((on.month, on.day) < (since.month, since.day)), 0)


def year_number(founded_on, on):
    """The business's year number (년차) on a day: 1 until its first anniversary, 2 until its second..."""
    return full_years(founded_on, on) + 1


def age_words(program):
    low, high = program.min_age, program.max_age
    if low is not None and high is not None:
        return _("aged %(low)s to %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("aged %(low)s or over") % {"low": low}
    return _("aged %(high)s or under") % {"high": high}


def years_words(program):
    low, high = program.min_business_years, program.max_business_years
    if high == 0:
        return str(_("pre-founders only"))
    if not low:
        return _("in business up to year %(high)s, or a pre-founder") % {"high": high}
    if high is None:
        return _("in business from year %(low)s") % {"low": low}
    return _("in business from year %(low)s to year %(high)s") % {"low": low, "high": high}


def rules_in_words(program, audiences=None):
    """Who may apply, in one sentence: "aged 39 or under, in business up to year 3, or a pre-founder"."""
    audiences = list(program.audiences.all()) if audiences is None else audiences
    parts = []
    if program.min_age is not None or program.max_age is not None:
        parts.append(str(age_words(program)))
    if program.min_business_years is not None or program.max_business_years is not None:
        parts.append(str(years_words(program)))
    tags = [str(audience) for audience in audiences if audience.slug not in DERIVED | EVERYONE]
    if tags:
        parts.append(str(_("for %(audiences)s") % {"audiences": ", ".join(sorted(tags))}))
    return ", ".join(parts) if parts else str(_("anyone"))


def check_age(program, answers):
    if program.min_age is None and program.max_age is None:
        return None
    text = _("Age: %(rule)s") % {"rule": age_words(program)}
    if answers.age is None:
        return Check("age", Verdict.UNKNOWN, text)
    low, high = program.min_age, program.max_age
    met = (low is None or answers.age >= low) and (high is None or answers.age <= high)
    return Check("age", Verdict.MET if met else Verdict.NOT_MET, text)


def check_years(program, answers):
    low, high = program.min_business_years, program.max_business_years
    if low is None and high is None:
        return None
    text = _("Business years: %(rule)s") % {"rule": years_words(program)}
    if answers.years is None:
        return Check("years", Verdict.UNKNOWN, text)
    met = (low is None or answers.years >= low) and (high is None or answers.years <= high)
    return Check("years", Verdict.MET if met else Verdict.NOT_MET, text)


def check_audience(tags, answers):
    """Tags are never "not met": the portal cannot know that someone is not a researcher."""
    if not tags:
        return None
    text = _("Open to: %(audiences)s") % {"audiences": ", ".join(sorted(str(tag) for tag in tags))}
    met = {tag.slug for tag in tags} & answers.confirmed
    return Check("audience", Verdict.MET if met else Verdict.UNKNOWN, text)


def check_field(program, answers):
    if not answers.categories:
        return None
    met = program.category_id is not None and program.category.slug in answers.categories
    text = _("Field: %(field)s") % {"field": program.category if program.category_id else _("none given")}
    return Check("field", Verdict.MET if met else Verdict.NOT_MET, text)


def verdict(program, answers, audiences=None):
    """The program's verdict for the answers, one check per rule it has. `audiences`: its audiences, when read."""
    audiences = list(program.audiences.all()) if audiences is None else audiences
    tags = [audience for audience in audiences if audience.slug not in DERIVED | EVERYONE]
    checks = tuple(
        check
        for check in (
            check_age(program, answers),
            check_years(program, answers),
            check_audience(tags, answers),
            check_field(program, answers),
        )
        if check is not None
    )
    if any(check.verdict == Verdict.NOT_MET for check in checks):
        return ProgramVerdict(Fit.NOT_FOR_YOU, checks)
    if any(check.verdict == Verdict.UNKNOWN for check in checks):
        return ProgramVerdict(Fit.CHECK, checks)
    return ProgramVerdict(Fit.FITS, checks)


def edge_warnings(*, min_age, max_age, min_business_years, max_business_years):
    """Rules that can hold only at an edge: a range of one age or one business year, which an editor most likely
    meant wider. Saved, with these words."""
    warnings = []
    if min_age is not None and min_age == max_age:
        warnings.append(_("Only people aged exactly %(age)s may apply: check the age range.") % {"age": min_age})
    if min_business_years and min_business_years == max_business_years:
        warnings.append(
            _("Only businesses in year %(year)s may apply: check the business-years range.")
            % {"year": max_business_years}
        )
    return warnings


def any_of(conditions):
    """The conditions joined with OR, or None when there are none."""
    joined = None
    for condition in conditions:
        joined = condition if joined is None else joined | condition
    return joined


def conditions(answers):
    """(not met, unknown): query conditions on programs that give `verdict`'s answer for a whole queryset, each
    None when no program can match it. A program fits when it matches neither, needs checking when it matches only
    the second."""
    not_met, unknown = [], []
    if answers.age is None:
        unknown.append(Q(min_age__isnull=False) | Q(max_age__isnull=False))
    else:
        not_met.append(Q(min_age__gt=answers.age) | Q(max_age__lt=answers.age))
    if answers.years is None:
        unknown.append(Q(min_business_years__isnull=False) | Q(max_business_years__isnull=False))
    else:
        not_met.append(Q(min_business_years__gt=answers.years) | Q(max_business_years__lt=answers.years))
    # The tags a person must confirm, read from the program's derived column rather than its links (one subquery
    # per program and group on every new filter state).
    tagged = ~Q(audience_tags="")
    confirmed = sorted(tag_slugs(answers.confirmed))
    if confirmed:
        tagged &= ~any_of(Q(audience_tags__contains=f" {slug} ") for slug in confirmed)
    unknown.append(tagged)
    if answers.categories:
        not_met.append(~Q(category__slug__in=answers.categories) | Q(category__isnull=True))
    return any_of(not_met), any_of(unknown)


def split(queryset, answers):
    """(the programs that may fit, the condition of those among them to check, the programs that do not fit)."""
    not_met, unknown = conditions(answers)
    if not_met is None:
        return queryset, unknown, queryset.none()
    return queryset.exclude(not_met), unknown, queryset.filter(not_met)


def grouped(queryset, answers):
    """(those that fit, those to check, those that do not fit) of a queryset of programs, for the answers."""
    possible, unknown, ruled_out = split(queryset, answers)
    return possible.exclude(unknown), possible.filter(unknown), ruled_out


# The support-condition codes of 보조금24 (행정안전부 "대한민국 공공서비스 정보" on data.go.kr, data set 15113968,
# its supportConditions model), where one states one of our rules, so that other services match founders the same
# way. Ages are numbers; the other codes are flags, "Y" when people of that kind may apply. A business stage by years
# has no code: only whether pre-founders (JA1101 예비창업자) and running businesses (JA1102 영업중) may apply.
GOV24_AGE_FROM, GOV24_AGE_TO = "JA0110", "JA0111"  # 대상연령(시작), 대상연령(종료)
GOV24_PRE_FOUNDER, GOV24_IN_BUSINESS = "JA1101", "JA1102"  # 예비창업자, 영업중
GOV24_TAGS = {"student": "JA0320", "sme": "JA2101"}  # 대학생/대학원생, 중소기업
GOV24_FLAG = "Y"


def gov24_conditions(*, min_age, max_age, min_business_years, max_business_years, tags):
    """{code: value} of the 보조금24 conditions a program's rules and tags (audience slugs) state, in code order."""
    codes = {}
    if min_age is not None:
        codes[GOV24_AGE_FROM] = min_age
    if max_age is not None:
        codes[GOV24_AGE_TO] = max_age
    if min_business_years is not None or max_business_years is not None:
        if not min_business_years:
            codes[GOV24_PRE_FOUNDER] = GOV24_FLAG
        if max_business_years is None or max_business_years >= 1:
            codes[GOV24_IN_BUSINESS] = GOV24_FLAG
    codes.update({GOV24_TAGS[slug]: GOV24_FLAG for slug in tags if slug in GOV24_TAGS})
    return dict(sorted(codes.items()))


def machine_rules(program, audiences):
    """A program's rules as data (the API's `eligibility`): the ranges, the stages and youth they make it for, the
    audiences a person must confirm, and the 보조금24 codes."""
    tags = sorted(audience.slug for audience in audiences if audience.slug not in DERIVED | EVERYONE)
    return {
        "min_age": program.min_age,
        "max_age": program.max_age,
        "min_business_years": program.min_business_years,
        "max_business_years": program.max_business_years,
        "derived_audiences": derived_audiences(program),
        "to_confirm": tags,
        "gov24_conditions": gov24_conditions(
            min_age=program.min_age,
            max_age=program.max_age,
            min_business_years=program.min_business_years,
            max_business_years=program.max_business_years,
            tags=tags,
        ),
    }
