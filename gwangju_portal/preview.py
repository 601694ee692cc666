"""Staff see a draft's public page as a preview; everyone else sees published records only."""

from .roles import is_city_editor, partner_ids


def visible_to(request, queryset, institute_field="organizer"):
    published = queryset.published()
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return published
    if is_city_editor(user):
        return queryset
    return published | queryset.filter(**{f"{institute_field}__in": partner_ids(user)})
