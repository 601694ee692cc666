from django.core.paginator import Paginator


class ForgivingPaginationMixin:
    """A ListView mixin that shows the nearest valid page for a bad or out-of-range ?page=."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
