"""Pages of 1 to 100 records; a page size or page number outside that is a clear 400, never a silent clamp."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.numbers import LARGEST_ID, parse_int

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
        return super().paginate_queryset(queryset, request, view)  # a page past the last one: 404
