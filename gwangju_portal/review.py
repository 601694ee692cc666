"""The city editors' review list: drafts partner editors submitted, and proposed changes to live records, each with
its field diff and a decision (approve, or return with a reason)."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.models import Revision
from core.numbers import parse_id
from core.publishing import Status
from core.revisions import changed_since, revision_fingerprint, revisions_shown
from core.roles import is_city_editor
from core.services import revision_approve, revision_return
from programs.models import Event, Program


def records_in_review():
    """[(model options, [record])] of the drafts submitted for review, oldest first. A draft returned before and
    submitted again carries `returned` (the revision that returned it, with its reason) and `changed_since` (what its
    editor changed after that)."""
    sections = []
    for model in (Program, Event):
        records = list(model.objects.filter(status=Status.REVIEW).select_related("organizer").order_by("updated_at"))
        returned = {}
        kind = ContentType.objects.get_for_model(model)
        earlier = Revision.objects.filter(
            content_type=kind, object_id__in=[record.pk for record in records], state=Revision.State.REJECTED
        ).order_by("reviewed_at")
        for revision in earlier:
            returned[revision.object_id] = revision  # the latest return of each
        for record in records:
            record.returned = returned.get(record.pk)
            record.changed_since = changed_since(record, record.returned.reviewed_at) if record.returned else []
        sections.append((model._meta, records))
    return sections


def pending_revisions():
    """[(revision, its diff, the diff's fingerprint)], oldest first."""
    revisions = Revision.objects.pending().select_related("content_type", "author").order_by("updated_at")
    return revisions_shown(revisions)


def needs_review(request):
    if not is_city_editor(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return decide(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Needs review"),
        "sections": records_in_review(),
        "revisions": pending_revisions(),
    }
    return TemplateResponse(request, "admin/needs_review.html", context)


def decide(request):
    revision = get_object_or_404(Revision.objects.pending(), pk=parse_id(request.POST.get("revision")))
    if request.POST.get("decision") == "approve":
        if request.POST.get("fingerprint") != revision_fingerprint(revision):
            messages.error(
                request,
                _(
                    "The changes to “%(record)s” were edited after you opened this page, so they were not approved. "
                    "Read them again below."
                )
                % {"record": revision.title},
            )
            return redirect("admin:needs_review")
        try:
            record = revision_approve(revision=revision, reviewer=request.user)
        except ValidationError as refusal:
            reasons = " ".join(refusal.messages)
            messages.error(request, _("These changes cannot go live: %(reasons)s") % {"reasons": reasons})
            return redirect("admin:needs_review")
        messages.success(request, _("The changes to “%(record)s” are live.") % {"record": record})
        return redirect("admin:needs_review")
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say why the changes are returned, so that the editor can mend them."))
        return redirect("admin:needs_review")
    revision_return(revision=revision, reviewer=request.user, reason=reason[:2000])
    messages.success(
        request, _("The changes to “%(record)s” were returned to their editor.") % {"record": revision.title}
    )
    return redirect("admin:needs_review")
