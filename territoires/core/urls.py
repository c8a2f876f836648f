from django.urls import path

from territoires.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.static_page, {"page": "accessibilite"}, name="accessibilite"),
    path("mentions-legales/", views.static_page, {"page": "mentions_legales"}, name="mentions"),
    path(
        "donnees-personnelles/",
        views.static_page,
        {"page": "donnees_personnelles"},
        name="donnees_personnelles",
    ),
    path("plan-du-site/", views.site_plan, name="plan_du_site"),
    path("contact/", views.static_page, {"page": "contact"}, name="contact"),
    path("donnees-ouvertes/", views.opendata, name="opendata"),
    path("donnees-ouvertes/catalogue.jsonld", views.opendata_catalogue, name="opendata_catalogue"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Health check for load balancers: no rate limit, never cached, no HTTPS redirect.
    path("sante/", views.health, name="health"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]
