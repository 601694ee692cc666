"""The public API: published records only, filtered as the HTML pages filter them, paged, cached by HTTP and limited
per address. Anything a client gets wrong is a 400 with the errors per field, never a silently ignored filter."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Prefetch
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.search import SEARCH_COLUMNS
from partners.models import Agreement, Partner
from programs.catalogue import REMEMBERED_SECONDS, CatalogueQuery, RememberedCataloguePage
from programs.models import Attachment, Audience, Event, Program, ProgramSource, Technology

from .conditional import MAX_AGE_SECONDS, api_etag, not_modified, with_caching_headers
from .filters import ApiAgreementFilter, ApiEventFilter, ApiPartnerFilter, ApiProgramFilter
from .pagination import BoundedPagination
from .queries import query_errors, with_valid_values
from .serializers import AgreementSerializer, EventSerializer, PartnerSerializer, ProgramSerializer
from .throttling import PerAddressThrottle, rate_limit_headers


class NoParameters:
    base_filters = {}


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
        """The filter set over the published records. A mistake in the query string (an unknown or misspelt
        parameter, an empty or repeated value) or an invalid value is a 400, never a silently ignored filter."""
        errors = query_errors(self.request.query_params, self.filterset_class, self.paginator.parameters)
        if errors:
            raise ValidationError(errors)
        filterset = self.filterset_class(self.request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(with_valid_values(filterset.form, filterset.errors))
        return filterset

    def list(self, request, *args, **kwargs):
        cached = not_modified(request._request, self.etag)
        if cached is not None:
            return Response(status=cached.status_code)
        page = self.paginate_queryset(self.ordered(self.filtered()))
        records = self.serialized(page)
        response = self.get_paginated_response(records)
        return with_caching_headers(request._request, response, self.etag, records)

    def retrieve(self, request, *args, **kwargs):
        errors = query_errors(request.query_params, NoParameters)  # a record's address takes no parameter
        if errors:
            raise ValidationError(errors)
        cached = not_modified(request._request, self.etag)
        if cached is not None:
            return Response(status=cached.status_code)
        record = self.get_serializer(self.get_object()).data
        return with_caching_headers(request._request, Response(record), self.etag, [record])

    def filter_queryset(self, queryset):
        return queryset  # lists filter in filtered(); a record's own address ignores the list's filters

    def ordered(self, filterset):
        return filterset.qs

    def serialized(self, page):
        return self.get_serializer(page, many=True).data  # relations come prefetched with get_queryset()

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


class ApiCataloguePage(RememberedCataloguePage):
    """The catalogue's page as the API shows it: each program serialized once per content generation and minute
    (its application state and days left change with time alone) and kept in the shared cache, since most pages
    of a busy API hold the same programs; those not cached are read with their relations in one query each."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, namespace="api", **kwargs)

    def __getitem__(self, window):
        ids = self.ordered_ids(window.start or 0, window.stop)
        stamp = self.stamp
        keys = {pk: f"api:program:{pk}:{stamp}" for pk in ids}
        cached = cache.get_many(keys.values())
        missing = [pk for pk in ids if keys[pk] not in cached]
        if missing:
            made = {program["id"]: program for program in ProgramSerializer(self.rows(missing), many=True).data}
            if settings.REDIS_URL:  # the database cache pays a count for every entry it stores
                cache.set_many({keys[pk]: record for pk, record in made.items()}, REMEMBERED_SECONDS)
            cached.update({keys[pk]: record for pk, record in made.items()})
        return [cached[keys[pk]] for pk in ids if keys[pk] in cached]

    def rows(self, ids):
        programs = list(
            Program.objects.filter(pk__in=ids).defer(*SEARCH_COLUMNS).select_related("organizer", "category")
        )
        relations = {
            "audiences": Audience.objects.filter(programs__in=ids).annotate(owner=F("programs")),
            "technologies": Technology.objects.filter(programs__in=ids).annotate(owner=F("programs")),
            "co_organizers": published_partners()
            .filter(co_organized_programs__in=ids)
            .annotate(owner=F("co_organized_programs")),
            "attachments": Attachment.objects.filter(program__in=ids).annotate(owner=F("program")),
            "sources": ProgramSource.objects.filter(program__in=ids, withdrawn_at__isnull=True).annotate(
                owner=F("program")
            ),
        }
        for program in programs:
            program._prefetched_objects_cache = {name: [] for name in relations}
        by_id = {program.pk: program for program in programs}
        for name, related in relations.items():
            for item in related:
                by_id[item.owner]._prefetched_objects_cache[name].append(item)
        return programs


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

    def serialized(self, page):
        return page  # ApiCataloguePage gives them serialized

    def get_queryset(self):
        return Program.objects.published()

    def get_object(self):
        self.queryset = (
            self.get_queryset()
            .select_related("organizer", "category")
            .prefetch_related(
                "audiences",
                "technologies",
                Prefetch("co_organizers", queryset=published_partners()),
                "attachments",
                Prefetch("sources", queryset=ProgramSource.objects.filter(withdrawn_at__isnull=True)),
            )
        )
        return super().get_object()

    def ordered(self, filterset):
        """The catalogue's own order (programs/catalogue.py); it reads the rows of one page only."""
        return CatalogueQuery.of(filterset).page(ApiCataloguePage)


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
