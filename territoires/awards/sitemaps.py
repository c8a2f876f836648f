"""The labels' public pages in the sitemap: the front page, each public edition, its rules
and, once published, its palmarès."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from territoires.awards.models import Edition


class AwardsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        pages = [reverse("awards:landing")]
        for edition in Edition.objects.public().order_by("-year"):
            pages += [edition.get_absolute_url(), reverse("awards:rules", args=[edition.year])]
            if edition.status == "palmares":
                pages.append(reverse("awards:palmares", args=[edition.year]))
        return pages

    def location(self, item: str) -> str:
        return item
