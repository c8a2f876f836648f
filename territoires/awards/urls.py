from django.urls import path

from territoires.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/reglement/", views.rules, name="rules"),
    path("<int:year>/palmares/", views.palmares, name="palmares"),
    path("<int:year>/vote/", views.vote, name="vote"),
    path("<int:year>/candidater/", views.application_create, name="apply"),
    path("candidatures/", views.my_applications, name="my_applications"),
    path("candidatures/<int:pk>/", views.application, name="application"),
    path("candidatures/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("candidatures/<int:pk>/deposer/", views.application_submit, name="application_submit"),
    path("candidatures/<int:pk>/retirer/", views.application_withdraw, name="application_withdraw"),
    path("candidatures/<int:pk>/pieces-jointes/", views.attachment_add, name="attachment_add"),
    path("candidatures/<int:pk>/retour-experience/", views.report_start, name="report_start"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="attachment"),
    path("jury/", views.my_sheets, name="my_sheets"),
    path("jury/fiches/<int:pk>/", views.sheet, name="sheet"),
    path("jury/fiches/<int:pk>/conflit/", views.conflict_declare, name="conflict"),
    path("laureats/<int:pk>/badge.svg", views.badge, name="badge"),
    path("laureats/<int:pk>/vignette/", views.vignette, name="vignette"),
    path("donnees/<slug:slug>.schema.json", views.schema, name="schema"),
    path("donnees/<slug:slug>.<str:extension>", views.dataset, name="dataset"),
    path("nouvelle-edition/", views.edition_create, name="edition_create"),
    path("<int:year>/gestion/", views.manage, name="manage"),
    path("<int:year>/gestion/calendrier/", views.calendar_events, name="calendar_events"),
    path("<int:year>/gestion/grille/<slug:what>/", views.grid_add, name="grid_add"),
    path("<int:year>/gestion/etape/<slug:move>/", views.edition_move, name="edition_move"),
    path("<int:year>/gestion/jurys/nouveau/", views.jury_create, name="jury_create"),
    path("<int:year>/gestion/jurys/<int:pk>/", views.jury, name="jury"),
    path("<int:year>/gestion/finalistes/", views.finalists, name="finalists"),
    path("<int:year>/gestion/palmares/", views.awards, name="awards"),
    path("<int:year>/gestion/relances/", views.reminders, name="reminders"),
]
