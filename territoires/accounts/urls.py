from django.urls import path

from territoires.accounts import views

app_name = "accounts"

urlpatterns = [
    path("compte/connexion/", views.login, name="login"),
    path("compte/connexion/<slug:provider>/", views.login_start, name="login_start"),
    path("compte/connexion/<slug:provider>/retour/", views.callback, name="callback"),
    path("compte/deconnexion/", views.logout, name="logout"),
    path("compte/deconnexion/retour/", views.logout_return, name="logout_return"),
    path("compte/", views.account, name="account"),
    path("compte/mes-donnees.json", views.account_export, name="account_export"),
    path("compte/supprimer/", views.account_delete, name="account_delete"),
    path("compte/organisation-active/", views.active_organisation, name="active_organisation"),
    path("compte/organisation/", views.my_organisation, name="my_organisation"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/inviter/", views.organisation_invite, name="organisation_invite"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/annuler/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "organisations/<int:pk>/membres/<int:membership_pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organisations/<int:pk>/membres/<int:membership_pk>/retirer/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organisations/<int:pk>/demande-referent/",
        views.referent_request,
        name="referent_request",
    ),
    path(
        "organisations/<int:pk>/demandes-referent/<int:request_pk>/",
        views.referent_request_decide,
        name="referent_request_decide",
    ),
    path("equipe/demandes/", views.staff_requests, name="staff_requests"),
    path("equipe/demandes/<int:pk>/", views.staff_request_decide, name="staff_request_decide"),
    path("equipe/organisations/", views.staff_organisations, name="staff_organisations"),
    path("equipe/journal/", views.staff_audit, name="staff_audit"),
    path("equipe/taches/", views.staff_jobs, name="staff_jobs"),
    path("equipe/taches/<int:pk>/relancer/", views.staff_job_retry, name="staff_job_retry"),
    path("equipe/courriels/", views.staff_emails, name="staff_emails"),
]
