from django.urls import include, path

from territoires.observatory import views
from territoires.observatory.enums import ASSESSMENT_WORKFLOW

app_name = "observatory"
SUBMIT, REOPEN = ASSESSMENT_WORKFLOW["submit"].slug, ASSESSMENT_WORKFLOW["reopen"].slug

urlpatterns = [
    path("methodologie/", views.methodology, name="methodology"),
    path("collectivites/", include("territoires.observatory.dashboard.urls")),
    path(
        "methodologie/referentiel-<int:edition>.json",
        views.framework_download,
        name="framework_download",
    ),
    path("mon-evaluation/", views.my_assessments, name="my_assessments"),
    path(
        "mon-evaluation/campagnes/<int:campaign_pk>/commencer/",
        views.assessment_start,
        name="assessment_start",
    ),
    path("evaluations/<int:pk>/", views.assessment, name="assessment"),
    path(
        "evaluations/<int:pk>/axes/<str:axis_code>/",
        views.assessment_axis,
        name="assessment_axis",
    ),
    path(
        "evaluations/<int:pk>/axes/<str:axis_code>/reprendre/",
        views.prefill_confirm,
        name="prefill_confirm",
    ),
    path("evaluations/<int:pk>/reponses/<str:code>/", views.answer_save, name="answer_save"),
    path(
        "evaluations/<int:pk>/questionnaire/",
        views.assessment_questionnaire,
        name="assessment_questionnaire",
    ),
    path(f"evaluations/<int:pk>/{SUBMIT}/", views.assessment_submit, name="assessment_submit"),
    path(
        "evaluations/<int:pk>/publication/",
        views.assessment_publication,
        name="assessment_publication",
    ),
    path("evaluations/<int:pk>/resultats/", views.assessment_results, name="assessment_results"),
    path("equipe/campagnes/", views.staff_campaigns, name="staff_campaigns"),
    path("equipe/campagnes/<int:pk>/", views.staff_campaign, name="staff_campaign"),
    path(
        "equipe/campagnes/<int:pk>/evaluations.csv",
        views.staff_campaign_export,
        name="staff_campaign_export",
    ),
    path(
        "equipe/campagnes/<int:pk>/<slug:move>/",
        views.staff_campaign_move,
        name="staff_campaign_move",
    ),
    path(
        f"equipe/evaluations/<int:pk>/{REOPEN}/",
        views.staff_assessment_reopen,
        name="staff_assessment_reopen",
    ),
]
