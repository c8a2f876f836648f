from django.urls import path

from territoires.observatory import views

app_name = "observatory"

urlpatterns = [
    path("methodologie/", views.methodology, name="methodology"),
    path(
        "methodologie/referentiel-<int:edition>.json",
        views.framework_download,
        name="framework_download",
    ),
]
