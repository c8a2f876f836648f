from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from territoires.api.urls import api
from territoires.awards.sitemaps import AwardsSitemap
from territoires.commons.sitemaps import CommonsSitemap
from territoires.core.sitemaps import CorePagesSitemap
from territoires.debates.sitemaps import DebateSitemap
from territoires.events.sitemaps import EventSitemap
from territoires.exchange.sitemaps import ExchangeSitemap
from territoires.geo.sitemaps import TerritorySitemap
from territoires.observatory.sitemaps import DashboardSitemap, ObservatoryPagesSitemap

# The public pages, one section per module (/sitemap.xml is their index).
SITEMAPS = {
    "pages": CorePagesSitemap,
    "observatoire": ObservatoryPagesSitemap,
    "territoires": TerritorySitemap,
    "tableaux-de-bord": DashboardSitemap,
    "bourse": ExchangeSitemap,
    "communs": CommonsSitemap,
    "agenda": EventSitemap,
    "debats": DebateSitemap,
    "labels": AwardsSitemap,
}

urlpatterns = [
    path("", include("territoires.core.urls")),
    path("territoires/", include("territoires.geo.urls")),
    path("observatoire/", include("territoires.observatory.urls")),
    path("observatoire/", include("territoires.observatory.public.urls")),
    path("communs/", include("territoires.commons.urls")),
    path("agenda/", include("territoires.events.urls")),
    path("debats/", include("territoires.debates.urls")),
    path("", include("territoires.accounts.urls")),
    path("bourse/", include("territoires.exchange.urls")),
    path("labels/", include("territoires.awards.urls")),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

handler403 = "territoires.core.views.permission_denied"
handler404 = "territoires.core.views.page_not_found"
handler500 = "territoires.core.views.server_error"
