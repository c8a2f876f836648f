from django.urls import path, re_path

from territoires.commons import views

app_name = "commons"

# A commun's page is /communs/<slug>/: the words of the other routes are reserved slugs
# (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("proposer/", views.commun_propose, name="propose"),
    path("proposer/noms-proches/", views.similar, name="similar"),
    path("moderation/", views.moderation, name="moderation"),
    path("donnees/<slug:slug>.schema.json", views.opendata_schema, name="opendata_schema"),
    re_path(
        r"^donnees/(?P<slug>[a-z]+)\.(?P<extension>csv|xlsx)$",
        views.opendata_download,
        name="opendata_download",
    ),
    path("retours-experience/", views.reports, name="reports"),
    path("retours-experience/ecrire/", views.report_create, name="report_create"),
    path("retours-experience/<slug:slug>/", views.report_detail, name="report"),
    path("retours-experience/<slug:slug>/modifier/", views.report_edit, name="report_edit"),
    path(
        "retours-experience/<slug:slug>/co-autrice/", views.report_coauthor, name="report_coauthor"
    ),
    path("retours-experience/<slug:slug>/<slug:move>/", views.report_move, name="report_move"),
    path("usages/<int:pk>/retirer/", views.usage_withdraw, name="usage_withdraw"),
    path("usages/<int:pk>/ecrire/", views.contact_usage, name="contact_usage"),
    path("messages/<str:token>/signaler/", views.contact_abuse, name="contact_abuse"),
    path("<slug:slug>/", views.commun_detail, name="commun"),
    path("<slug:slug>/historique/", views.commun_history, name="history"),
    path("<slug:slug>/modifier/", views.commun_edit, name="commun_edit"),
    path("<slug:slug>/fusionner/", views.commun_merge, name="merge"),
    path("<slug:slug>/usage/", views.usage_declare, name="usage"),
    path("<slug:slug>/referent/", views.commun_referent, name="referent"),
    path(
        "<slug:slug>/referents/<int:user_pk>/ecrire/",
        views.contact_referent,
        name="contact_referent",
    ),
    path("<slug:slug>/<slug:move>/", views.commun_move, name="commun_move"),
]
