"""The agenda in the sitemap: its pages and every published event."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoires.events.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    limit = 50_000

    def items(self):
        return ["events:agenda", "events:calendar", *Event.objects.published().order_by("pk")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
