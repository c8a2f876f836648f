"""The territory pages in the sitemap: every current territory of the référentiel."""

from django.contrib.sitemaps import Sitemap

from territoires.geo.models import Territory


class TerritorySitemap(Sitemap):
    changefreq = "yearly"
    # About 39,000 pages: within one sitemap file (at most 50,000 addresses).
    limit = 50_000

    def items(self):
        return Territory.objects.current().only("kind", "code").order_by("kind", "code")
