"""Public results of the observatory: open data files, the widget."""

from django.urls import path, re_path

from territoires.observatory.public import views

app_name = "observatory_public"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("france/", views.national, name="national"),
    path("donnees-ouvertes/", views.opendata_index, name="opendata"),
    path(
        "donnees-ouvertes/<int:year>/<slug:slug>.schema.json",
        views.opendata_schema,
        name="opendata_schema",
    ),
    re_path(
        r"^donnees-ouvertes/(?P<year>[0-9]{4})/(?P<slug>[a-z]+)\.(?P<extension>csv|xlsx)$",
        views.opendata_download,
        name="opendata_download",
    ),
    path("vignette/<str:kind>/<str:code>/", views.widget, name="widget"),
    path("vignette/<str:kind>/<str:code>/badge.svg", views.badge, name="badge"),
]
