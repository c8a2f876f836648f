"""The bourse's public pages in the sitemap: its lists, its figures, and every published
offer and need (never a private need nor an unpublished offer)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoires.exchange.models import Need, Offer

EXCHANGE_PAGES = ["exchange:home", "exchange:needs", "exchange:opendata"]


class ExchangeSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list:
        offers = Offer.objects.published().order_by("pk").only("pk")
        needs = Need.objects.published().order_by("pk").only("pk")
        return [*EXCHANGE_PAGES, *offers, *needs]

    def location(self, item) -> str:
        if isinstance(item, Offer):
            return reverse("exchange:offer", args=[item.pk])
        if isinstance(item, Need):
            return reverse("exchange:need", args=[item.pk])
        return reverse(item)
