"""The Observatoire's public pages in the sitemap: its front page, national view, methodology
and open data, and the dashboard of every collectivité that publishes its scores. A
collectivité that keeps its results private is never listed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoires.geo.models import Territory
from territoires.observatory.dashboard.views import dashboard_url
from territoires.observatory.models import Assessment

OBSERVATORY_PAGES = [
    "observatory_public:landing",
    "observatory_public:national",
    "observatory:methodology",
    "observatory_public:opendata",
]


class ObservatoryPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return OBSERVATORY_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class DashboardSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        public = Assessment.objects.public_scores().values("territory_id")
        return Territory.objects.filter(pk__in=public).only("kind", "code").order_by("kind", "code")

    def location(self, item: Territory) -> str:
        return dashboard_url(item)
