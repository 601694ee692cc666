from django.core.paginator import Paginator


class ForgivingPaginationMixin:
    """A ListView mixin that shows the nearest valid page for a bad or out-of-range ?page=."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


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
