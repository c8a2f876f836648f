"""The pages of the site frame in the sitemap (``/sitemap.xml``, assembled in ``config.urls``)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

CORE_PAGES = [
    "core:home",
    "core:contact",
    "core:opendata",
    "core:accessibilite",
    "core:mentions",
    "core:donnees_personnelles",
    "core:plan_du_site",
]


class CorePagesSitemap(Sitemap):
    """The home page, the contact page and the pages of the footer."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return CORE_PAGES

    def location(self, item: str) -> str:
        return reverse(item)
