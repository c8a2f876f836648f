"""Rights on assessments: each service refuses a forbidden actor by itself (a service called
by another module is as safe as the page), and a page or a save looks the user's membership
up once, with the number of queries pinned."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from territoires.core.errors import BusinessError
from territoires.observatory import perms, services
from territoires.observatory.answers import AnswerInput
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    CampaignStatus,
    Publication,
)
from territoires.observatory.models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentTransition,
    Campaign,
    CampaignTransition,
)
from tests.observatory.conftest import start, url

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
YES = AnswerInput(AnswerStatus.ANSWERED, True)


def written() -> tuple:
    """Everything a refused service could have written."""
    return (
        list(Campaign.objects.values_list("pk", "status")),
        list(CampaignTransition.objects.values_list("pk")),
        list(Assessment.objects.values_list("pk", "status", "questionnaire", "publication")),
        list(AssessmentTransition.objects.values_list("pk")),
        list(Answer.objects.values_list("pk", "status", "value")),
        list(AnswerChange.objects.values_list("pk")),
    )


CALLS = {
    "campaign_create": lambda w, a: services.campaign_create(actor=a, year=2027, edition=2026),
    "campaign_open": lambda w, a: services.campaign_open(actor=a, campaign=w["campaign"]),
    "campaign_close": lambda w, a: services.campaign_close(actor=a, campaign=w["campaign"]),
    "campaign_publish": lambda w, a: services.campaign_publish(actor=a, campaign=w["campaign"]),
    "assessment_start": lambda w, a: services.assessment_start(
        actor=a, campaign=w["campaign"], territory=w["saint_eloi"], questionnaire="complet"
    ),
    "assessment_questionnaire_set": lambda w, a: services.assessment_questionnaire_set(
        actor=a, assessment=w["assessment"], questionnaire="allege"
    ),
    "answers_save": lambda w, a: services.answers_save(
        actor=a, assessment=w["assessment"], answers={"LAB-03": YES}
    ),
    "prefill_confirm": lambda w, a: services.prefill_confirm(
        actor=a, assessment=w["assessment"], indicator_codes=["LAB-03"]
    ),
    "assessment_submit": lambda w, a: services.assessment_submit(
        actor=a, assessment=w["assessment"]
    ),
    "assessment_publication_set": lambda w, a: services.assessment_publication_set(
        actor=a, assessment=w["assessment"], publication=Publication.OPEN_DATA
    ),
    "assessment_reopen": lambda w, a: services.assessment_reopen(
        actor=a, assessment=w["assessment"], comment="Une erreur de saisie."
    ),
}


@pytest.mark.parametrize(
    ("service", "actor", "message"),
    [
        ("campaign_create", "referent", perms.STAFF_ONLY),
        ("campaign_open", "member", perms.STAFF_ONLY),
        ("campaign_close", "referent", perms.STAFF_ONLY),
        ("campaign_publish", "anonymous", perms.STAFF_ONLY),
        ("assessment_start", "referent", perms.MEMBERS_ONLY),  # of Nevers, not Saint-Éloi
        ("assessment_start", "staff", perms.MEMBERS_ONLY),
        ("assessment_questionnaire_set", "other", perms.MEMBERS_ONLY),
        ("answers_save", "outsider", perms.MEMBERS_ONLY),
        ("answers_save", "staff", perms.MEMBERS_ONLY),
        ("answers_save", "anonymous", perms.MEMBERS_ONLY),
        ("prefill_confirm", "other", perms.MEMBERS_ONLY),
        ("assessment_submit", "member", perms.REFERENTS_ONLY),
        ("assessment_submit", "staff", perms.REFERENTS_ONLY),
        ("assessment_publication_set", "member", perms.REFERENTS_ONLY),
        ("assessment_publication_set", "other", perms.REFERENTS_ONLY),
        ("assessment_reopen", "referent", perms.STAFF_ONLY),
    ],
)
def test_a_service_refuses_a_forbidden_actor_and_writes_nothing(world, service, actor, message):
    world["assessment"] = start(world)
    if service == "assessment_reopen":
        Assessment.objects.filter(pk=world["assessment"].pk).update(
            status=AssessmentStatus.SUBMITTED
        )
        world["assessment"].refresh_from_db()
    before = written()
    actor = AnonymousUser() if actor == "anonymous" else world[actor]

    with pytest.raises(BusinessError) as refused:
        CALLS[service](world, actor)

    assert refused.value.message == message
    assert refused.value.status == 403
    assert written() == before


def test_the_same_services_accept_the_right_actor(world):
    """The other side of the matrix above: the refusals are about the actor, nothing else."""
    assessment = start(world)
    assert services.answers_save(
        actor=world["member"], assessment=assessment, answers={"LAB-03": YES}
    ) == ["LAB-03"]
    services.assessment_publication_set(
        actor=world["referent"], assessment=assessment, publication=Publication.OPEN_DATA
    )
    assert Assessment.objects.get(pk=assessment.pk).publication == Publication.OPEN_DATA
    other = services.assessment_start(
        actor=world["other"],
        campaign=world["campaign"],
        territory=world["saint_eloi"],
        questionnaire="complet",
    )
    assert other.territory == world["saint_eloi"]
    services.campaign_close(actor=world["staff"], campaign=world["campaign"])
    assert Campaign.objects.get(pk=world["campaign"].pk).status == CampaignStatus.CLOSED


def test_a_refused_value_names_its_question(world):
    assessment = start(world)
    with pytest.raises(BusinessError) as refused:
        services.answers_save(
            actor=world["member"],
            assessment=assessment,
            answers={"LAB-03": AnswerInput(AnswerStatus.ANSWERED, 2), "NOPE-01": YES},
        )
    assert refused.value.message == services.ANSWERS_REFUSED
    assert refused.value.errors == {
        "LAB-03": ["Répondez par oui ou par non."],
        "NOPE-01": [services.NOT_ASKED],
    }
    assert refused.value.status == 400
    assert not Answer.objects.exists()


# ------------------------------------------------------------------ queries


def selects_from(queries, table: str) -> int:
    """The queries that read rows of ``table`` (its first FROM), not those that only ask, in a
    subquery, whether such a row exists."""
    return sum(
        query["sql"].startswith("SELECT")
        and query["sql"].partition(" FROM ")[2].startswith(f'"{table}"')
        for query in queries
    )


def test_the_assessment_page_looks_the_membership_up_once(client, world, django_assert_num_queries):
    assessment = start(world)
    client.force_login(world["member"])

    # Session, user, assessment, membership, answers, previous assessment, score, history,
    # and the header's question: is the user an agent (« Mon évaluation », « Mon organisation »).
    with django_assert_num_queries(9) as page:
        response = client.get(url("assessment", assessment))

    assert response.status_code == 200
    assert selects_from(page.captured_queries, "accounts_membership") == 1


def test_an_answer_save_reads_the_answers_once_and_the_questionnaire_once(
    client, world, django_assert_num_queries
):
    assessment = start(world)
    client.force_login(world["member"])
    client.post(url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "oui"}, **HTMX)

    # Session, user, assessment, the view's membership (4); in the service's transaction,
    # its own check of the membership, the locked assessment, the answers, the answer and its
    # history row, the score read and written (7), in two savepoints opened and released (4);
    # then the partial: the answers, the previous assessment, the score (3).
    with django_assert_num_queries(18) as save:
        response = client.post(
            url("answer_save", assessment, "LAB-03"), {"LAB-03-valeur": "non"}, **HTMX
        )

    assert response.status_code == 200
    assert Answer.objects.get(assessment=assessment, indicator_code="LAB-03").value == 0
    # Once by the service, in its transaction, and once by the page it answers with.
    assert selects_from(save.captured_queries, "observatory_answer") == 2
    # The view's check, then the service's own check (it may be called by another module).
    assert selects_from(save.captured_queries, "accounts_membership") == 2


def test_the_plain_form_refused_reads_the_questionnaire_once(client, world):
    assessment = start(world)
    client.force_login(world["member"])

    with CaptureQueriesContext(connection) as refused:
        response = client.post(
            url("assessment_axis", assessment, "LAB"),
            {"LAB-03-valeur": "oui", "LAB-06-valeur": "101"},
        )

    assertContains(response, "Saisissez un pourcentage de 0 à 100, par exemple 42 ou 42,5.")
    # The page shows the questionnaire it read to check the posted answers.
    assert selects_from(refused.captured_queries, "observatory_answer") == 1
