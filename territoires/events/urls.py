from django.urls import path

from territoires.events import feeds, opendata, views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("calendrier/", views.month_calendar, name="calendar"),
    path("agenda.ics", views.feed_ics, name="feed_ics"),
    path("flux.atom", feeds.AgendaFeed(), name="feed_atom"),
    path("evenements.schema.json", opendata.events_schema, name="opendata_schema"),
    path("evenements.<str:extension>", opendata.events_download, name="opendata_download"),
    path("proposer/", views.create, name="create"),
    path("propositions/", views.moderation, name="moderation"),
    path("evenements/<int:pk>/", views.detail, name="detail"),
    path("evenements/<int:pk>/evenement.ics", views.event_ics, name="event_ics"),
    path("evenements/<int:pk>/inscription/", views.register, name="register"),
    path("evenements/<int:pk>/modifier/", views.edit, name="edit"),
    path("evenements/<int:pk>/inscrits/", views.registrants, name="registrants"),
    path(
        "evenements/<int:pk>/inscrits.<str:extension>",
        views.registrants_export,
        name="registrants_export",
    ),
    path(
        "evenements/<int:pk>/inscrits/message/",
        views.registrants_message,
        name="registrants_message",
    ),
    path("evenements/<int:pk>/inscrits/presence/", views.attendance, name="attendance"),
    path("evenements/<int:pk>/emargement/", views.sheet, name="sheet"),
    path(
        "evenements/<int:pk>/emargement/<int:registration_pk>/signer/",
        views.sign,
        name="sign",
    ),
    path(
        "evenements/<int:pk>/attestations/<int:registration_pk>.pdf",
        views.certificate,
        name="certificate",
    ),
    path("evenements/<int:pk>/satisfaction/", views.survey_results, name="survey_results"),
    path("evenements/<int:pk>/<slug:move>/", views.move, name="move"),
    path("inscriptions/<int:pk>/annuler/", views.registration_cancel, name="registration_cancel"),
    path(
        "desinscription/<str:token>/",
        views.registration_cancel_link,
        name="registration_cancel_link",
    ),
    path("satisfaction/<str:token>/", views.survey, name="survey"),
    path("mes-inscriptions/nouvelle-adresse/", views.feed_renew, name="feed_renew"),
    path("flux/<str:token>.ics", views.personal_feed, name="personal_feed"),
]
