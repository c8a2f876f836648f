"""The debates in the sitemap: the national list and every public debate (never a draft)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoires.debates.models import Debate


class DebateSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list:
        return ["index", *Debate.objects.public().order_by("pk")]

    def location(self, item) -> str:
        return reverse("debates:index") if item == "index" else item.get_absolute_url()
