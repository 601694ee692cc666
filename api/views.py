"""The public API: published records only, filtered as the HTML pages filter them, paged, cached by HTTP and limited
per address. Anything a client gets wrong is a 400 with the errors per field, never a silently ignored filter."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from partners.models import Agreement, Partner
from programs.catalogue import CataloguePage
from programs.models import Event, Program

from .conditional import MAX_AGE_SECONDS, api_etag, not_modified, with_caching_headers
from .filters import ApiAgreementFilter, ApiEventFilter, ApiPartnerFilter, ApiProgramFilter
from .pagination import BoundedPagination
from .serializers import AgreementSerializer, EventSerializer, PartnerSerializer, ProgramSerializer
from .throttling import PerAddressThrottle, rate_limit_headers


def published_partners():
    return Partner.objects.published()


class PublicRecordsViewSet(viewsets.ReadOnlyModelViewSet):
    """What every endpoint shares: lookup by slug, bounded pages, the per-address limit, ETag and 304."""

    lookup_field = "slug"
    pagination_class = BoundedPagination
    throttle_classes = [PerAddressThrottle]
    filter_backends = [DjangoFilterBackend]

    def initial(self, request, *args, **kwargs):
        # The data carries both languages; messages follow the client's Accept-Language (Korean by default).
        translation.activate(translation.get_language_from_request(request._request))
        super().initial(request, *args, **kwargs)
        self.etag = api_etag(request._request)

    def filtered(self):
        """The filter set over the published records; an invalid value is a 400, not a silently ignored filter."""
        filterset = self.filterset_class(self.request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset

    def list(self, request, *args, **kwargs):
        cached = not_modified(request._request, self.etag)
        if cached is not None:
            return Response(status=cached.status_code)
        page = self.paginate_queryset(self.ordered(self.filtered()))
        prefetch_related_objects(page, *self.page_prefetches())
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return with_caching_headers(request._request, response, self.etag, page)

    def retrieve(self, request, *args, **kwargs):
        cached = not_modified(request._request, self.etag)
        if cached is not None:
            return Response(status=cached.status_code)
        record = self.get_object()
        return with_caching_headers(request._request, Response(self.get_serializer(record).data), self.etag, [record])

    def filter_queryset(self, queryset):
        return queryset  # lists filter in filtered(); a record's own address ignores the list's filters

    def ordered(self, filterset):
        return filterset.qs

    def page_prefetches(self):
        return []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        usage = getattr(request, "rate_usage", None)
        if usage is not None:
            for name, value in rate_limit_headers(usage).items():
                response[name] = value
        if response.status_code == 304:
            response["ETag"] = self.etag
            response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Programs",
        description="Published support programs, filtered and ordered as the catalogue at /programs/ is.",
    ),
    retrieve=extend_schema(summary="One program"),
)
class ProgramViewSet(PublicRecordsViewSet):
    serializer_class = ProgramSerializer
    filterset_class = ApiProgramFilter

    def get_queryset(self):
        return Program.objects.published()

    def get_object(self):
        self.queryset = (
            self.get_queryset()
            .select_related("organizer", "category")
            .prefetch_related("audiences", Prefetch("co_organizers", queryset=published_partners()), "attachments")
        )
        return super().get_object()

    def ordered(self, filterset):
        """The catalogue's own order (programs/catalogue.py); it reads the rows of one page only."""
        chosen = filterset.form.cleaned_data
        return CataloguePage(
            filterset.qs,
            sort=filterset.chosen_sort(),
            relevance_query=chosen.get("q") or "",
            unsearched=getattr(filterset, "unsearched", None),
            state=chosen.get("state"),
        )

    def page_prefetches(self):
        return [Prefetch("co_organizers", queryset=published_partners()), "attachments"]


@extend_schema_view(
    list=extend_schema(summary="Events", description="Published events, soonest first, as /events/ filters them."),
    retrieve=extend_schema(summary="One event"),
)
class EventViewSet(PublicRecordsViewSet):
    serializer_class = EventSerializer
    filterset_class = ApiEventFilter

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("organizer", "category", "program")
            .prefetch_related(Prefetch("co_hosts", queryset=published_partners()))
            .order_by("starts_at", "slug")
        )


@extend_schema_view(
    list=extend_schema(summary="Partner institutes"), retrieve=extend_schema(summary="One partner institute")
)
class PartnerViewSet(PublicRecordsViewSet):
    serializer_class = PartnerSerializer
    filterset_class = ApiPartnerFilter

    def get_queryset(self):
        return published_partners().order_by("name", "slug")


@extend_schema_view(
    list=extend_schema(
        summary="Cooperation agreements",
        parameters=[OpenApiParameter("party", str, description="The slug of an institute that signed it.")],
    ),
    retrieve=extend_schema(summary="One cooperation agreement"),
)
class AgreementViewSet(PublicRecordsViewSet):
    serializer_class = AgreementSerializer
    filterset_class = ApiAgreementFilter

    def get_queryset(self):
        return (
            Agreement.objects.published()
            .prefetch_related(Prefetch("parties", queryset=published_partners()))
            .order_by("-signed_on", "slug")
        )
