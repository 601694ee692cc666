"""Who may touch a record, asked in one place.

Every institute-owned model says by which path its institute is reached (`institute_path`): "organizer" for a
program or an event, "pk" for an institute itself, "event__organizer" for a registration, "program__organizer" for
what belongs to a program; None for the city's own records (agreements), which only city editors touch. Querysets
ask `editable_by(user)`, a record `is_editable_by(user)`, and the admin scopes any such model on every path through
`InstituteScopedAdminMixin` (core.admin). No module outside the core writes this rule again (a test keeps it so).
"""

from django.db import models

from .roles import is_city_editor, partner_ids


def institute_editable_by(institute_id, user):
    """Whether `user` may touch what belongs to the institute `institute_id` (None: the city's own)."""
    return is_city_editor(user) or (institute_id is not None and institute_id in partner_ids(user))


class InstituteOwnedQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The records `user` may touch: all for a city editor, their own institutes' for a partner editor."""
        if is_city_editor(user):
            return self
        path = self.model.institute_path
        if path is None:
            return self.none()
        return self.filter(**{f"{path}__in": partner_ids(user)})


class InstituteOwned(models.Model):
    # The path from a record to the institute it belongs to; None: the city's alone.
    institute_path = None

    class Meta:
        abstract = True

    def owning_institute_id(self):
        """The id of the institute this record belongs to, by following `institute_path` (None when it has none)."""
        if self.institute_path is None:
            return None
        *relations, last = self.institute_path.split("__")
        record = self
        for relation in relations:
            record = getattr(record, relation, None)
            if record is None:
                return None
        return record.pk if last == "pk" else getattr(record, f"{last}_id")

    def is_editable_by(self, user):
        """The row-level rule for one record, as InstituteOwnedQuerySet.editable_by says it for many."""
        return is_city_editor(user) or institute_editable_by(self.owning_institute_id(), user)
