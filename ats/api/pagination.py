from rest_framework.pagination import PageNumberPagination


class IdsFirstPagination(PageNumberPagination):
    """Pages of a large table: find the page's ids first (an index-only walk, however deep the
    page), then load just those rows with their joins. A deep OFFSET over the joined query would
    join and sort thousands of rows only to throw them away (bench/bench_ats.py, page 20)."""

    def paginate_queryset(self, queryset, request, view=None):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        rows = {row.pk: row for row in queryset.filter(pk__in=list(ids)).order_by()}
        return [rows[pk] for pk in ids if pk in rows]
