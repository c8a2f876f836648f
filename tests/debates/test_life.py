"""The whole life of a debate through its pages, with the e-mails read back from the tests'
SMTP server; moderation; account deletion anonymising contributions everywhere."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse

from territoires.debates.enums import ContributionStatus, DebateStatus
from territoires.debates.models import Contribution, ContributionTransition, Debate, Report
from tests.debates.factories import CitizenFactory, ContributionFactory, DebateFactory


def post(client, name, *args, **data):
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@time_machine.travel("2026-12-01 09:00 +0100")
def test_the_life_of_a_debate(client, people, smtp_server):
    referent = people["referent"]
    alice = CitizenFactory(email="alice@exemple.fr", first_name="Alice", last_name="Durand")
    bruno = CitizenFactory(email="bruno@exemple.fr", first_name="Bruno", last_name="Petit")
    nomail = CitizenFactory(email=None, first_name="Zoé", last_name="Sans")

    # A référent drafts the debate, then opens it.
    client.force_login(referent)
    response = post(
        client,
        "debates:create",
        organisation=people["village"].pk,
        title="La 5G à Village-0",
        subject="5g",
        description="Le projet d’antennes.",
        opens_on="2026-12-01",
        closes_on="2026-12-31",
        question_1="Faut-il de nouvelles antennes ?",
        question_2="Où les placer ?",
    )
    debate = Debate.objects.get()
    assert response["Location"] == debate.get_absolute_url()
    assert client.get(reverse("debates:index")).content.decode().count("La 5G à Village-0") == 0
    post(client, "debates:move", debate.pk, "ouvrir", comment="C’est parti.")

    # Citizens accept the charter and contribute, support, reply.
    question = debate.questions.get(position=1)
    for citizen, display in ((alice, "prenom"), (bruno, "pseudonyme"), (nomail, "prenom")):
        client.force_login(citizen)
        post(client, "debates:charter", debate.pk, accept="on", display=display, pseudonym="BP")
        post(client, "debates:contribute", debate.pk, text=f"Avis de {citizen.first_name}.",
             question=question.pk)  # fmt: skip
    alice_says = Contribution.objects.get(text="Avis de Alice.")
    post(client, "debates:support", alice_says.pk)
    post(client, "debates:contribute", debate.pk, text="Je réponds.", parent=alice_says.pk)
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Alice D." in page and "BP" in page and "Zoé S." in page
    assert "alice@exemple.fr" not in page and "Durand" not in page

    # The référent closes it, writes and publishes the synthesis, answers a contribution.
    client.force_login(referent)
    post(client, "debates:move", debate.pk, "clore")
    post(
        client,
        "debates:synthesis",
        debate.pk,
        synthesis="Merci pour vos 4 contributions.",
        **{f"heard_{question.pk}": "Des avis partagés.", f"decided_{question.pk}": "Une étude."},
    )
    post(client, "debates:answer", alice_says.pk, answer="Nous l’étudierons.")
    post(client, "debates:move", debate.pk, "publier-la-synthese")

    debate.refresh_from_db()
    assert debate.status == DebateStatus.SYNTHESIS
    assert list(debate.transitions.values_list("to_status", "actor")) == [
        ("brouillon", referent.pk),
        ("ouvert", referent.pk),
        ("clos", referent.pk),
        ("synthese", referent.pk),
    ]
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Des avis partagés." in page and "Une étude." in page
    assert "Nous l’étudierons." in page
    # Every participant with an address is told once, by the job queue.
    assert sorted(mail.to for mail in smtp_server.received) == [
        "alice@exemple.fr",
        "bruno@exemple.fr",
    ]
    mail = next(m for m in smtp_server.received if m.to == "bruno@exemple.fr")
    assert mail.subject == "La synthèse du débat « La 5G à Village-0 » est publiée"
    assert "Bonjour BP," in mail.body
    assert f"http://127.0.0.1:8000/debats/{debate.pk}/" in mail.body
    # The open data file has the contributions, without any name.
    body = b"".join(client.get(reverse("debates:opendata_download", args=["csv"]))).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(row["texte"] for row in rows) == [
        "Avis de Alice.",
        "Avis de Bruno.",
        "Avis de Zoé.",
        "Je réponds.",
    ]
    assert "Alice D." not in body and "BP" not in body and "Zoé S." not in body
    assert {row["soutiens"] for row in rows if row["texte"] == "Avis de Alice."} == {"1"}


def test_moderation_report_hide_tell_the_author_and_restore(client, people, smtp_server):
    debate = DebateFactory(organisation=people["village"], open=True)
    author = CitizenFactory(email="auteur@exemple.fr")
    contribution = ContributionFactory(
        participant__debate=debate, participant__user=author, text="Des insultes."
    )
    client.force_login(people["citizen"])
    post(client, "debates:report", contribution.pk, reason="Propos insultants.")
    again = client.post(reverse("debates:report", args=[contribution.pk]), {"reason": "Encore"})
    assert "Vous avez déjà signalé cette contribution." in again.content.decode()
    assert Report.objects.count() == 1
    # A citizen does not moderate.
    assert (
        client.post(reverse("debates:hide", args=[contribution.pk]), {"reason": "Non."}).status_code
        == 403
    )

    client.force_login(people["member"])
    assert (
        "Propos insultants."
        in client.get(reverse("debates:moderation", args=[debate.pk])).content.decode()
    )
    empty = client.post(reverse("debates:hide", args=[contribution.pk]), {"reason": ""})
    assert "Indiquez le motif." in empty.content.decode()
    post(client, "debates:hide", contribution.pk, reason="Contraire à la charte.")

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.HIDDEN
    [mail] = smtp_server.received
    assert mail.to == "auteur@exemple.fr"
    assert "Motif : Contraire à la charte." in mail.body
    client.logout()
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Motif : Contraire à la charte." in page and "Des insultes." not in page

    client.force_login(people["staff"])
    post(client, "debates:restore", contribution.pk, reason="Après relecture.")
    assert list(
        ContributionTransition.objects.values_list("from_status", "to_status", "comment", "actor")
    ) == [
        ("visible", "masquee", "Contraire à la charte.", people["member"].pk),
        ("masquee", "visible", "Après relecture.", people["staff"].pk),
    ]
    log = client.get(reverse("debates:moderation", args=[debate.pk])).content.decode()
    assert "Contraire à la charte." in log and "Après relecture." in log


@pytest.mark.django_db
def test_account_deletion_anonymises_contributions_in_pages_api_and_files(client, people):
    debate = DebateFactory(organisation=people["village"], open=True)
    citizen = people["citizen"]
    contribution = ContributionFactory(
        participant__debate=debate,
        participant__user=citizen,
        participant__display_name="Camille la Rouge",
        text="Mon avis reste.",
    )
    Report.objects.create(contribution=ContributionFactory(participant__debate=debate),
                          reporter=citizen, reason="Hors sujet.")  # fmt: skip
    client.force_login(citizen)
    exported = client.get(reverse("accounts:account_export")).json()
    assert exported["debats"][0]["nom_affiche"] == "Camille la Rouge"

    response = client.post(reverse("accounts:account_delete"), {"confirm": "on"}, follow=True)
    assert "Votre compte et vos données ont été supprimés." in response.content.decode()

    contribution.refresh_from_db()
    assert contribution.participant.user is None
    assert contribution.participant.display_name == "Participant anonymisé"
    assert Report.objects.get().reporter is None
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Mon avis reste." in page and "Participant anonymisé" in page
    assert "Camille la Rouge" not in page
    Debate.objects.filter(pk=debate.pk).update(status=DebateStatus.CLOSED)
    api = client.get(f"/api/v1/debats/{debate.pk}").content.decode()
    assert "Camille" not in api
    body = b"".join(client.get(reverse("debates:opendata_download", args=["csv"]))).decode()
    assert "Mon avis reste." in body and "Camille" not in body
