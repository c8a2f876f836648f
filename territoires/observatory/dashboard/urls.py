"""Dashboards of the collectivités: /observatoire/collectivites/<type>/<code>/."""

from django.urls import path

from territoires.observatory.dashboard import views

urlpatterns = [
    path("<slug:segment>/<str:code>/", views.dashboard, name="dashboard"),
    path(
        "<slug:segment>/<str:code>/questions/",
        views.dashboard_questions,
        name="dashboard_questions",
    ),
    path("<slug:segment>/<str:code>/synthese/", views.dashboard_summary, name="dashboard_summary"),
    path(
        "<slug:segment>/<str:code>/fiche-de-synthese.pdf",
        views.dashboard_pdf,
        name="dashboard_pdf",
    ),
]
