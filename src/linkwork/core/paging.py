"""Long lists a page at a time, the page links keeping the list's filters."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Value
from django.utils.http import urlencode

PAGE_SIZE = 25  # a list of 50 rows was most of a page's time and half its weight


def paged(items, params, size: int = PAGE_SIZE) -> Page:
    """The page of `items` that `params` (the request's GET, a QueryDict) asks for, with
    `previous_href` and `next_href` (None at either end) that keep every other parameter."""
    page = Paginator(items, size).get_page(params.get("page"))
    kept = [
        (name, value)
        for name, values in params.lists()
        if name != "page"
        for value in values
        if value
    ]

    def href(number: int) -> str:
        return "?" + urlencode([*kept, ("page", number)])

    page.previous_href = href(page.previous_page_number()) if page.has_previous() else None
    page.next_href = href(page.next_page_number()) if page.has_next() else None
    return page


def counted(queryset: QuerySet) -> QuerySet:
    """How many records `queryset` holds, as a statement can give it: one row, one number
    (`count()` asks at once, so cannot be kept). A queryset grouped by an aggregate (the
    last contact of each case) is counted as the records it gives."""
    query = queryset.query
    if query.group_by is not None or any(
        getattr(annotation, "contains_aggregate", False)
        for annotation in query.annotations.values()
    ):
        queryset = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    one = queryset.order_by().values(one=Value(1))
    return one.annotate(total=Count("pk")).values_list("total", flat=True)


def number(counts: list) -> int:
    """What a statement of `counted` gives, as a number: 0 when it asked nothing (a reach
    that reaches nothing)."""
    return counts[0] if counts else 0


class StatementPages:
    """A list the Paginator pages in the database through two statements (decision 0151):
    `count` gives `counted(...)` of the list and `rows` a page of it, each given the same
    values and shape, and `rows` the page's `start` and `stop` as shape as well."""

    def __init__(self, count, rows, *values, **shape):
        self._count, self._rows, self._values, self._shape = count, rows, values, shape

    def count(self) -> int:
        return number(self._count(*self._values, **self._shape))

    def __getitem__(self, page: slice) -> list:
        return self._rows(*self._values, start=page.start, stop=page.stop, **self._shape)
