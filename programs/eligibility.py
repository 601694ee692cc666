"""'Am I eligible?': which programs fit a person's age, business years and field, and why."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Audience, Program

# Audiences the answers tell us about; others (students, researchers) the person must judge.


@dataclass(frozen=True)
class Reason:
    fits: bool
    text: str
    sure: bool = True  # False: it may fit, the person checks (an audience the answers say nothing about)


@dataclass(frozen=True)
class Applicant:
    age: int | None = None
    years: int | None = None  # business years; 0 for a pre-founder

    @property
    def audiences(self):
        """The audience slugs the answers place the person in."""
        slugs = {"citizen"}
        if self.years == 0:
            slugs.add("pre-founder")
        elif self.years is not None:
            slugs.add("sme")
            slugs.add("early-stage" if self.years < 3 else "growth" if self.years <= 7 else "sme")
        youngest, oldest = settings.YOUTH_AGES
        if self.age is not None and youngest <= self.age <= oldest:
            slugs.add("youth")
        return slugs

    @property
    def ruled_out(self):
        """The audiences the answers rule out; an audience nothing was asked about (the stages without business
        years, youth without an age, students, researchers) is never ruled out: the person checks it."""
        excluded = set()
        if self.years is not None:
            excluded |= {"pre-founder", "early-stage", "growth", "sme"} - self.audiences
        if self.age is not None and "youth" not in self.audiences:
            excluded.add("youth")
        return excluded

    @property
    def answered(self):
        return self.age is not None or self.years is not None


def eligible_programs(queryset, *, applicant, category=None):
    """The one answer to "which programs can I apply to?", shared by the checker and the catalogue's "who you are"
    filters: programs open now, rolling or opening soon (each shown with its state) that fit the answers."""
    programs = applicant_fits(queryset.accepting() | queryset.upcoming(), applicant)
    return programs.filter(category=category) if category is not None else programs


def applicant_fits(programs, applicant):
    """The programs whose age, business-years and audience rules let this person in."""
    if applicant.age is not None:
        programs = programs.fits_age(applicant.age)
    if applicant.years is not None:
        programs = programs.fits_business_years(applicant.years)
    if applicant.ruled_out:
        # For everyone, or for at least one audience the answers do not rule out. Written as "no ruled-out audience,
        # or another one too": the first test is the selective one (few programs name a ruled-out audience), which
        # PostgreSQL answers from a small hashed set instead of the whole link table (at 100,000 programs: 85 → 70 ms).
        links = Program.audiences.through.objects.filter(program_id=OuterRef("pk"))
        ruled_out = Audience.objects.filter(slug__in=applicant.ruled_out)
        programs = programs.filter(
            ~Exists(links.filter(audience__in=ruled_out)) | Exists(links.exclude(audience__in=ruled_out))
        )
    return programs


def program_fit(program, applicant):
    """Why the program does or does not fit, one reason per criterion."""
    return [
        reason
        for reason in (_age(program, applicant), _years(program, applicant), _audience(program, applicant))
        if reason
    ]


def _age(program, applicant):
    low, high, age = program.min_age, program.max_age, applicant.age
    if age is None:
        return None
    if low is not None and age < low:
        return Reason(False, _("Too young: the minimum age is %(low)s.") % {"low": low})
    if high is not None and age > high:
        return Reason(False, _("Too old: the maximum age is %(high)s.") % {"high": high})
    if low is None and high is None:
        return Reason(True, _("No age limit."))
    return Reason(True, _("Your age, %(age)s, is within the limits.") % {"age": age})


def _years(program, applicant):
    limit, years = program.max_business_years, applicant.years
    if years is None:
        return None
    if limit is None:
        return Reason(True, _("No limit on business years."))
    if years > limit:
        if limit == 0:
            return Reason(False, _("Too many business years: only pre-founders may apply."))
        return Reason(False, _("Too many business years: at most %(limit)s.") % {"limit": limit})
    if limit == 0:
        return Reason(True, _("For pre-founders, as you are."))
    return Reason(True, _("Up to %(limit)s business years: you have %(years)s.") % {"limit": limit, "years": years})


def _audience(program, applicant):
    audiences = list(program.audiences.all())
    if not audiences:
        return Reason(True, _("Open to everyone."))
    names = ", ".join(str(audience) for audience in audiences)
    slugs = {audience.slug for audience in audiences}
    if not applicant.answered or slugs & applicant.audiences:
        return Reason(True, _("For %(audiences)s.") % {"audiences": names})
    if slugs - applicant.ruled_out:
        return Reason(True, _("For %(audiences)s: check that this applies to you.") % {"audiences": names}, sure=False)
    return Reason(False, _("Audience not covered: this program is for %(audiences)s.") % {"audiences": names})


# Audiences a rule on business years speaks about: (slug, fewest years, most years) of each stage.
STAGES = {"pre-founder": (0, 0), "early-stage": (0, 2), "growth": (3, 7), "sme": (0, None)}


def conflicting_audiences(audience_slugs, *, min_age, max_age, max_business_years):
    """The audiences among `audience_slugs` that the age and business-years rules leave out."""
    conflicts = set()
    if max_business_years is not None:
        conflicts |= {
            slug
            for slug in audience_slugs & STAGES.keys()
            if slug != "pre-founder" and (max_business_years == 0 or STAGES[slug][0] > max_business_years)
        }
    if "youth" in audience_slugs:
        youngest, oldest = settings.YOUTH_AGES
        low = youngest if min_age is None else min_age
        high = oldest if max_age is None else max_age
        if low < youngest or high > oldest:
            conflicts.add("youth")
    return conflicts


def rule_conflicts(audience_slugs, *, min_age, max_age, max_business_years):
    """Where a program's audiences and its age and business-years rules contradict each other, in words an editor
    reads; empty when they agree."""
    conflicts = conflicting_audiences(
        audience_slugs, min_age=min_age, max_age=max_age, max_business_years=max_business_years
    )
    problems = [
        _("The audience “%(audience)s” cannot apply when businesses may be at most %(years)d years old.")
        % {"audience": audience_label(slug), "years": max_business_years}
        for slug in sorted(conflicts - {"youth"})
    ]
    if "youth" in conflicts:
        youngest, oldest = settings.YOUTH_AGES
        problems.append(
            _("A program for youth takes ages within %(youngest)d to %(oldest)d; widen the audiences instead.")
            % {"youngest": youngest, "oldest": oldest}
        )
    return problems


def audience_label(slug):
    audience = Audience.objects.filter(slug=slug).first()
    return str(audience) if audience else slug
