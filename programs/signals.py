"""Keep search documents current when what they hold from other records changes: a program's audiences, or the
name of an institute, a field or an audience (core.search: a document holds these names); and a program's audience
tags (Program.audience_tags) when its audiences change or one is deleted."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from core.search import search_documents_refresh
from partners.models import Partner

from .models import Audience, Category, Event, Program

NAME_FIELDS = {
    Partner: ["name_ko", "name_en", "short_name_ko", "short_name_en"],
    Category: ["name_ko", "name_en"],
    Audience: ["name_ko", "name_en"],
}


def audiences_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    programs = Program.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    if reverse and action == "post_clear":
        programs = []  # the audience is being removed; its programs' documents follow on their next save
    for program in programs:
        program.search_document_write()
        program.audience_tags_write()


def audience_before_delete(sender, instance, **kwargs):
    """Deleting an audience removes its links without m2m_changed: note its programs to derive their tags again."""
    instance._tagged_programs = list(Program.objects.filter(audiences=instance))


def audience_after_delete(sender, instance, **kwargs):
    for program in getattr(instance, "_tagged_programs", []):
        program.audience_tags_write()


def names_before_save(sender, instance, raw=False, **kwargs):
    """Notes whether a save renames the record, before the old names are gone."""
    if raw or not instance.pk:
        return
    fields = NAME_FIELDS[sender]
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    instance._search_names_changed = old is not None and any(old[f] != getattr(instance, f) for f in fields)


def names_after_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or created or not getattr(instance, "_search_names_changed", False):
        return
    instance._search_names_changed = False
    if sender is Partner:
        related = [Program.objects.filter(organizer=instance), Event.objects.filter(organizer=instance)]
    elif sender is Category:
        related = [Program.objects.filter(category=instance), Event.objects.filter(category=instance)]
    else:
        related = [Program.objects.filter(audiences=instance)]
    for queryset in related:
        search_documents_refresh(queryset)


def connect():
    m2m_changed.connect(audiences_changed, sender=Program.audiences.through, dispatch_uid="programs-search-audiences")
    pre_delete.connect(audience_before_delete, sender=Audience, dispatch_uid="programs-audience-tags-before")
    post_delete.connect(audience_after_delete, sender=Audience, dispatch_uid="programs-audience-tags-after")
    for model in NAME_FIELDS:
        pre_save.connect(names_before_save, sender=model, dispatch_uid=f"programs-search-names-{model.__name__}")
        post_save.connect(names_after_save, sender=model, dispatch_uid=f"programs-search-renamed-{model.__name__}")
