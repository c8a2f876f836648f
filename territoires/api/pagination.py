"""Pages of results, the same in every list of the API."""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Paginator
from ninja import Field, Schema
from ninja.errors import HttpError

PAGE_SIZE_MAX = 200


class PageFilters(Schema):
    page: int = Field(1, ge=1, description="Numéro de page, à partir de 1")
    page_size: int = Field(50, ge=1, le=PAGE_SIZE_MAX, description="Résultats par page")


class Page(Schema):
    count: int = Field(description="Nombre total de résultats")
    page: int
    pages: int
    page_size: int


def paginated(
    items: Iterable, filters: PageFilters, serialize: Callable[[Any], Any] = lambda item: item
) -> dict:
    """The page of ``items`` that ``filters`` ask for, as a ``Page`` with its ``results``.

    A page past the last one answers 404 with a French message.
    """
    paginator = Paginator(items, filters.page_size)
    pages = paginator.num_pages
    if filters.page > max(pages, 1):
        raise HttpError(
            404, f"La page {filters.page} n’existe pas ({pages} page{'s' if pages > 1 else ''})."
        )
    page = paginator.page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": pages,
        "page_size": filters.page_size,
        "results": [serialize(item) for item in page.object_list],
    }
