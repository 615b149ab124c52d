"""Long lists a page at a time, the page links keeping the list's filters."""

from django.core.paginator import Page, Paginator
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
