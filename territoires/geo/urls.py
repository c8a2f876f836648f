from django.urls import path

from territoires.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.index, name="index"),
    path("recherche/", views.search, name="search"),
    path("suggestions/", views.suggest, name="suggest"),
    path("<slug:segment>/<str:code>/", views.territory_detail, name="territory"),
]
