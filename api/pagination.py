"""Pages of 1 to 100 records; a page size or page number outside that is a clear 400, never a silent clamp."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.numbers import LARGEST_ID, parse_int
from core.pagination import reach_for
from programs.catalogue import COUNT_BOUND

MAX_PAGE_SIZE = 100


def _whole_number(raw):
    return parse_int(raw)


class BoundedPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    @property
    def parameters(self):
        """The query parameters paging reads."""
        return (self.page_query_param, self.page_size_query_param)

    def get_schema_operation_parameters(self, view):
        """As the description states them: the bounds a request outside of is refused."""
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Page number, from 1. A page past the last one is 404.")),
                "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID, "default": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Records per page, from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": self.page_size},
            },
        ]

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [_("A whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        number = _whole_number(request.query_params.get(self.page_query_param, "1"))
        if number is None or number < 1:
            raise ValidationError({"page": [_("A whole number from 1 to %(max)d.") % {"max": LARGEST_ID}]})
        reach_for(queryset, str(number), self.get_page_size(request))
        self.bounded = queryset if hasattr(queryset, "count_is_lower_bound") else None
        return super().paginate_queryset(queryset, request, view)  # a page past the last one: 404

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_lower_bound"] = self.bounded is not None and self.bounded.count_is_lower_bound
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        bound = {"bound": COUNT_BOUND}
        described["properties"]["count"]["description"] = (
            gettext(
                "How many records match. For programs, exact up to %(bound)d; beyond it a lower bound (see "
                "count_is_lower_bound)."
            )
            % bound
        )
        described["properties"]["count_is_lower_bound"] = {
            "type": "boolean",
            "example": False,
            "description": gettext(
                "True when more than %(bound)d programs match and count is a lower bound, not the exact number; "
                "next and previous keep working past it. Always false for the other lists, whose counts are exact."
            )
            % bound,
        }
        return described
