"""Bulk import and export of programs and events (django-import-export), in the columns of the open-data files.

Imported rows become drafts, matched to existing records by slug. A partner editor imports only for their own
institutes; a file with any invalid row writes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.columns import imported_fields
from core.ownership import institute_editable_by
from core.publishing import Status
from core.revisions import propose, record_changes, to_json
from core.roles import can_publish, is_city_editor
from core.spreadsheets import formula_guard_removed, formula_safe
from partners.models import Partner

from .columns import EVENT_COLUMNS, PROGRAM_COLUMNS
from .models import Audience, Category, Event, Program, Technology


class SlugWidget(widgets.ForeignKeyWidget):
    """A related record named by its slug; an unknown slug is the row's validation error, not a crash."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.") % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


def slug_field(column, attribute, model):
    return fields.Field(column_name=column, attribute=attribute, widget=SlugWidget(model, "slug"))


def slugs_field(column, attribute, model):
    return fields.Field(column_name=column, attribute=attribute, widget=widgets.ManyToManyWidget(model, ",", "slug"))


class CuratedResource(resources.ModelResource):
    """Shared rules: drafts only, their own institutes only, all rows or none."""

    organizer = slug_field("organizer__slug", "organizer", Partner)

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def export_field(self, field, instance, **kwargs):
        return formula_safe(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = formula_guard_removed(value)  # what the export guarded comes back as it was

    def import_data(self, *args, **kwargs):
        kwargs["rollback_on_validation_errors"] = True  # one bad row and nothing is written
        return super().import_data(*args, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        previous_organizer = instance.organizer_id if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if self.user is None or is_city_editor(self.user):
            return
        moved_from_another = previous_organizer is not None and not institute_editable_by(previous_organizer, self.user)
        if not instance.is_editable_by(self.user) or moved_from_another:
            raise ValidationError({"organizer": _("You can import only records of your own institute.")})
        self.check_links(instance, row)

    def check_links(self, instance, row):
        """The admin form's rule for relations: the importer's own records (own_relations), or public ones."""
        errors = {}
        for field in self.get_import_fields():
            name = field.attribute
            model_field = instance._meta.get_field(name) if name and "__" not in name else None
            if (
                model_field is None
                or not model_field.is_relation
                or name == "organizer"
                or field.column_name not in row
            ):
                continue
            allowed = instance.relation_choices(name, self.user)
            if allowed is None:
                continue
            chosen = field.clean(row)
            chosen_ids = [item.pk for item in chosen] if model_field.many_to_many else [chosen.pk] if chosen else []
            if allowed.filter(pk__in=chosen_ids).count() != len(set(chosen_ids)):
                errors[name] = _("You can link only to your own institute's records or to public ones.")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.status = instance.__class__._meta.get_field("status").default  # new rows are drafts
        elif not self.may_publish():
            instance.withdraw_from_review()  # a submitted record that changes is submitted again

    # A row that changes a live record becomes that record's pending revision when the importer may not publish.

    def do_instance_save(self, instance, is_create):
        live = None if is_create else type(instance)._default_manager.get(pk=instance.pk)
        if live is not None and live.status == Status.PUBLISHED and not self.may_publish():
            instance.proposed_changes = record_changes(live, instance, self.get_import_fields())
            return
        super().do_instance_save(instance, is_create)

    def save_m2m(self, instance, row, **kwargs):
        if not hasattr(instance, "proposed_changes"):
            return super().save_m2m(instance, row, **kwargs)
        live = type(instance)._default_manager.get(pk=instance.pk)
        changes = instance.proposed_changes
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                proposed = to_json(field.clean(row))
                if proposed != to_json(getattr(live, field.attribute).all()):
                    changes[field.attribute] = proposed
        covered = {
            field.attribute.split("__")[0]
            for field in self.get_import_fields()
            if field.attribute and field.column_name in row
        }
        propose(record=live, author=self.user, changes=changes, covered=covered)  # a dry run's transaction undoes it

    def may_publish(self):
        return self.user is None or can_publish(self.user, self._meta.model._meta)


class ProgramResource(CuratedResource):
    category = slug_field("category__slug", "category", Category)
    co_organizers = slugs_field("co_organizers", "co_organizers", Partner)
    audiences = slugs_field("audiences", "audiences", Audience)
    technologies = slugs_field("technologies", "technologies", Technology)

    class Meta:
        model = Program
        import_id_fields = ["slug"]
        fields = ["slug", *imported_fields(PROGRAM_COLUMNS)]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True


class EventResource(CuratedResource):
    category = slug_field("category__slug", "category", Category)
    co_hosts = slugs_field("co_hosts", "co_hosts", Partner)
    program = slug_field("program__slug", "program", Program)

    class Meta:
        model = Event
        import_id_fields = ["slug"]
        fields = ["slug", *imported_fields(EVENT_COLUMNS)]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
