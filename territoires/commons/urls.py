from django.urls import path

from territoires.commons import views

app_name = "commons"

# A commun's page is /communs/<slug>/: the words of the other routes are reserved slugs
# (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("retours-experience/<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>/", views.commun_detail, name="commun"),
]
