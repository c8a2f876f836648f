from django.urls import path

from territoires.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.home, name="home"),
    path("offres/nouvelle/", views.offer_create, name="offer_create"),
    path("offres/<int:pk>/", views.offer, name="offer"),
    path("offres/<int:pk>/modifier/", views.offer_edit, name="offer_edit"),
    path("offres/<int:pk>/demander/", views.agreement_request, name="agreement_request"),
    path("offres/<int:pk>/<slug:slug>/", views.offer_move, name="offer_move"),
    path("besoins/", views.needs, name="needs"),
    path("besoins/nouveau/", views.need_form, name="need_create"),
    path("besoins/<int:pk>/", views.need, name="need"),
    path("besoins/<int:pk>/modifier/", views.need_form, name="need_edit"),
    path("accords/", views.agreements, name="agreements"),
    path("accords/<int:pk>/", views.agreement, name="agreement"),
    path("accords/<int:pk>/rejoindre/", views.agreement_join, name="agreement_join"),
    path("accords/<int:pk>/convention/", views.convention_draft, name="convention_draft"),
    path(
        "accords/<int:pk>/convention/version-<int:number>.<str:extension>",
        views.convention_download,
        name="convention_download",
    ),
    path("accords/<int:pk>/<slug:slug>/", views.agreement_move, name="agreement_move"),
    path("donnees-ouvertes/", views.opendata, name="opendata"),
    path("donnees-ouvertes/offres.schema.json", views.opendata_schema, name="opendata_schema"),
    path(
        "donnees-ouvertes/offres.<str:extension>",
        views.opendata_download,
        name="opendata_download",
    ),
    path("equipe/voix-du-reseau/", views.network_voice, name="network_voice"),
    path("equipe/voix-du-reseau.docx", views.network_voice_download, name="network_voice_download"),
    path("alertes/", views.searches, name="searches"),
    path("alertes/<int:pk>/supprimer/", views.search_delete, name="search_delete"),
]
