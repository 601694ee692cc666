"""Stages and youth follow from the rules (programs/rules.py): today's stage and youth tags become rules where they
are stricter than the program's rules, and are then removed. Where a tag and a rule disagree, the rule stays and
the program lists the tag in `rules_to_confirm`, which its admin form shows until an editor checks and saves it.

The stage ranges are copied here as they were defined when this ran (business year numbers, 0 a pre-founder)."""

from django.db import migrations

STAGES = {"pre-founder": (0, 0), "early-stage": (1, 3), "growth": (4, 7), "mature": (8, None)}
YOUTH = (19, 39)
MATURE = ("mature", "성장기 기업(7년 초과)", "Mature (over 7 years)")


def hull(ranges):
    """The smallest range holding all of them (None: no upper end)."""
    lows, highs = [low for low, _ in ranges], [high for _, high in ranges]
    return min(lows), None if None in highs else max(highs)


def within(inner, outer):
    (low, high), (outer_low, outer_high) = inner, outer
    return low >= outer_low and (outer_high is None or (high is not None and high <= outer_high))


def stage_rules(program, stages):
    """Sets the business-years rules from the stage tags, or returns the tags that disagree with the rules."""
    tagged = hull([STAGES[slug] for slug in stages])
    if program.min_business_years is None and program.max_business_years is None:
        low, high = tagged
        program.min_business_years = low or None
        program.max_business_years = high
        return []
    ruled = (program.min_business_years or 0, program.max_business_years)
    if within(tagged, ruled):
        program.min_business_years = max(tagged[0], ruled[0]) or None
        program.max_business_years = tagged[1] if ruled[1] is None else min(tagged[1], ruled[1])
        return []
    return sorted(stages)


def youth_rules(program):
    """Sets the age rules of a youth program that had none, or returns ["youth"] when they disagree."""
    if program.min_age is None and program.max_age is None:
        program.min_age, program.max_age = YOUTH
        return []
    low = YOUTH[0] if program.min_age is None else program.min_age
    high = YOUTH[1] if program.max_age is None else program.max_age
    if YOUTH[0] <= high <= YOUTH[1]:
        program.min_age, program.max_age = low, high
        return []
    return ["youth"]


def audiences_from_rules(apps, schema_editor):
    database = schema_editor.connection.alias
    Audience = apps.get_model("programs", "Audience")
    Program = apps.get_model("programs", "Program")
    slug, name_ko, name_en = MATURE
    position = Audience.objects.using(database).count()
    Audience.objects.using(database).get_or_create(
        slug=slug, defaults={"name": name_ko, "name_ko": name_ko, "name_en": name_en, "position": position}
    )
    derived = [*STAGES, "youth"]
    links = Program.audiences.through.objects.using(database).filter(audience__slug__in=derived)
    tagged = {}
    for program_id, audience_slug in links.values_list("program_id", "audience__slug"):
        tagged.setdefault(program_id, set()).add(audience_slug)
    for program in Program.objects.using(database).filter(pk__in=tagged):
        slugs = tagged[program.pk]
        stages = slugs & STAGES.keys()
        disagreeing = stage_rules(program, stages) if stages else []
        if "youth" in slugs:
            disagreeing += youth_rules(program)
        program.rules_to_confirm = disagreeing
        program.save(
            update_fields=["min_business_years", "max_business_years", "min_age", "max_age", "rules_to_confirm"]
        )
    links.delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0018_business_years_range")]

    operations = [migrations.RunPython(audiences_from_rules, migrations.RunPython.noop)]
