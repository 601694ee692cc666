from django.core.paginator import Paginator

from .numbers import LARGEST_ID, parse_int


class ForgivingPaginationMixin:
    """A ListView mixin that shows the nearest valid page for a bad or out-of-range ?page=."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg)
        reach_for(queryset, asked, page_size)
        page = paginator.get_page(asked)
        return paginator, page, page.object_list, page.has_other_pages()


def reach_for(sequence, asked, page_size):
    """Tells a sequence with a bounded count (programs.catalogue.BoundedCount) how far the page asked for reaches,
    before the paginator counts it, so that its count covers that page and the next is offered."""
    if hasattr(sequence, "reach_to"):
        number = parse_int(asked or "1")
        if number is not None and 1 <= number <= LARGEST_ID // page_size:
            sequence.reach_to(number * page_size)


class IdsFirst:
    """A queryset Django's Paginator can slice, reading a page's ids first (a narrow query the database can answer
    from an index, however many rows it orders) and then only that page's rows, joins included."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        if not hasattr(self, "_count"):
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        ids = list(self.queryset.values_list("pk", flat=True)[window])
        by_id = self.queryset.order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]
