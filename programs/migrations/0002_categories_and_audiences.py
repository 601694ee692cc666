"""The fixed lists of support fields and audiences, in Korean and English."""

from django.db import migrations

CATEGORIES = [
    ("commercialization", "사업화", "Commercialization"),
    ("education", "교육", "Education"),
    ("rnd", "연구개발(R&D)", "R&D"),
    ("investment", "투자", "Investment"),
    ("mentoring", "멘토링·컨설팅", "Mentoring"),
    ("networking", "네트워킹·행사", "Networking"),
    ("space", "공간·시설", "Space and facilities"),
    ("market", "판로·해외진출", "Market and global"),
    ("talent", "인력", "Talent"),
]

AUDIENCES = [
    ("pre-founder", "예비창업자", "Pre-founders"),
    ("early-stage", "초기창업기업(3년 미만)", "Early-stage (under 3 years)"),
    ("growth", "도약기 기업(3~7년)", "Growth stage (3-7 years)"),
    ("youth", "청년", "Youth"),
    ("student", "대학생", "Students"),
    ("sme", "중소기업", "SMEs"),
    ("researcher", "연구자", "Researchers"),
    ("citizen", "시민", "Citizens"),
]


def create_lists(apps, schema_editor):
    database = schema_editor.connection.alias
    for model_name, rows in (("Category", CATEGORIES), ("Audience", AUDIENCES)):
        model = apps.get_model("programs", model_name)
        for position, (slug, name_ko, name_en) in enumerate(rows):
            model.objects.using(database).update_or_create(
                slug=slug,
                defaults={"name": name_ko, "name_ko": name_ko, "name_en": name_en, "position": position},
            )


def remove_lists(apps, schema_editor):
    database = schema_editor.connection.alias
    for model_name, rows in (("Category", CATEGORIES), ("Audience", AUDIENCES)):
        model = apps.get_model("programs", model_name)
        model.objects.using(database).filter(slug__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(create_lists, remove_lists)]
