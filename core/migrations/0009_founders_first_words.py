"""The words founders type first (users' review 2026-12, m2): an office, a grant, an accelerator, TIPS. Rows a city
editor has since changed are left as they are; the starting rows are widened in place."""

from django.db import migrations

WIDENED = {
    "입주, 입주기업, tenant, office space": "입주, 입주기업, 사무실, 사무 공간, 입주 공간, tenant, office, office space",
    "액셀러레이팅, 액셀러레이터, accelerator, acceleration": (
        "액셀러레이팅, 액셀러레이터, 엑셀러레이터, 창업기획자, 투자 유치, accelerator, acceleration"
    ),
}
ADDED = [
    "지원금, 보조금, 사업비, grant, subsidy",
    "팁스, TIPS, 민간투자주도형 기술창업지원, 투자 유치",
]


def equivalents_widen(apps, schema_editor):
    EquivalentTerms = apps.get_model("core", "EquivalentTerms")
    rows = EquivalentTerms.objects.using(schema_editor.connection.alias)
    for old, new in WIDENED.items():
        rows.filter(terms=old).update(terms=new)
    rows.bulk_create([EquivalentTerms(terms=terms) for terms in ADDED], ignore_conflicts=True)


def equivalents_narrow(apps, schema_editor):
    EquivalentTerms = apps.get_model("core", "EquivalentTerms")
    rows = EquivalentTerms.objects.using(schema_editor.connection.alias)
    rows.filter(terms__in=ADDED).delete()
    for old, new in WIDENED.items():
        rows.filter(terms=new).update(terms=old)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_editor_loop")]
    operations = [migrations.RunPython(equivalents_widen, equivalents_narrow)]
