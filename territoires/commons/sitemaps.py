"""The catalogue in the sitemap: its pages, every published fiche and experience report."""

from django.contrib.sitemaps import Sitemap

from territoires.commons.models import Commun, ExperienceReport


class CommonsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list:
        return [
            *Commun.objects.published().order_by("slug").only("slug", "updated_at"),
            *ExperienceReport.objects.published().order_by("slug").only("slug", "updated_at"),
        ]

    def lastmod(self, item):
        return item.updated_at
