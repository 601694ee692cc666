"""Staff see a draft's public page as a preview, within the row-level rule; everyone else sees published records."""


def visible_to(request, queryset):
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return queryset.published()
    return queryset.published() | queryset.editable_by(user)
