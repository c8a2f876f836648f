from django.urls import path

from territoires.debates import views

app_name = "debates"

urlpatterns = [
    path("", views.index, name="index"),
    path("mes-debats/", views.my_debates, name="my_debates"),
    path("nouveau/", views.debate_create, name="create"),
    path(
        "donnees-ouvertes/contributions.schema.json", views.opendata_schema, name="opendata_schema"
    ),
    path(
        "donnees-ouvertes/contributions.<str:extension>",
        views.opendata_download,
        name="opendata_download",
    ),
    path("kits/<slug:slug>/reutiliser/", views.kit_reuse, name="kit_reuse"),
    path("<int:pk>/", views.debate, name="debate"),
    path("<int:pk>/partager/<slug:what>/", views.share, name="share"),
    path("<int:pk>/modifier/", views.debate_edit, name="edit"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/reunions/", views.meetings, name="meetings"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
    path(
        "<int:pk>/documents/<int:document_pk>/retirer/",
        views.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/synthese/", views.synthesis, name="synthesis"),
    path("<int:pk>/statistiques/", views.statistics, name="statistics"),
    path("<int:pk>/moderation/", views.moderation, name="moderation"),
    path("<int:pk>/charte/", views.charter, name="charter"),
    path("<int:pk>/contribuer/", views.contribute, name="contribute"),
    path("<int:pk>/etape/<slug:move>/", views.debate_move, name="move"),
    path("contributions/<int:pk>/modifier/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/soutenir/", views.support, name="support"),
    path("contributions/<int:pk>/signaler/", views.report, name="report"),
    path("contributions/<int:pk>/masquer/", views.hide, name="hide"),
    path("contributions/<int:pk>/retablir/", views.restore, name="restore"),
    path("contributions/<int:pk>/repondre/", views.answer, name="answer"),
]
