"""A whole edition, from the call to the palmarès, as its people go through the pages; the
e-mails read back from the tests' SMTP server."""

import re

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import Application, Assignment, Jury, PublicVote
from tests.accounts.factories import IdentityFactory, MembershipFactory, UserFactory
from tests.awards.conftest import PDF
from tests.awards.factories import DATES, GRID, MARKS, CollectiviteFactory, at
from tests.geo.factories import RegionFactory
from tests.observatory.conftest import visible_text

FIELDS = {
    "summary": "Un guichet numérique unique pour les habitants.",
    "description": "Toutes les démarches en ligne, suivies de bout en bout.",
    "context": "Commune rurale, peu de services de proximité.",
    "results": "300 démarches par mois.",
    "budget_band": "10k_50k",
    "partners": "",
    "video_url": "",
    "website_url": "",
    "agrees_to_publication": "on",
}


def post(client, user, url, data=None, **extra):
    client.force_login(user)
    return client.post(url, data or {}, **extra)


def messages_of(response) -> str:
    return visible_text(response)


def test_an_edition_from_the_call_to_the_palmares(client, smtp_server):
    staff = UserFactory(email="equipe@reseau.fr", staff=True)
    RegionFactory()
    # Three collectivités of the Nièvre apply, each with its référent and a member.
    teams = []
    for index in range(3):
        collectivite = CollectiviteFactory()
        referent = UserFactory(email=f"ref{index}@village.fr")
        member = UserFactory(email=f"membre{index}@village.fr")
        MembershipFactory(user=referent, organisation=collectivite, referent=True)
        MembershipFactory(user=member, organisation=collectivite)
        teams.append((collectivite, referent, member))
    edition = services.edition_create(
        actor=staff, year=2026, title="Labels Territoires Innovants 2026", dates=DATES,
        rules="**Règlement** de l’édition", finalists_count=2, public_vote=True,
    )  # fmt: skip
    services.category_add(actor=staff, edition=edition, name="Administration numérique")
    for name, weight, mandatory in GRID:
        services.criterion_add(
            actor=staff, edition=edition, name=name, weight=weight, marks=MARKS, mandatory=mandatory
        )
    category = edition.categories.get()

    with time_machine.travel(at(3, 2)):
        response = post(
            client, staff, reverse("awards:edition_move", args=[2026, "ouvrir"]), {"comment": ""}
        )
        assert response.status_code == 302
        # Each member drafts; the référent deposits.
        for index, (collectivite, referent, member) in enumerate(teams):
            response = post(
                client,
                member,
                reverse("awards:apply", args=[2026]),
                {"organisation": collectivite.pk, "title": f"Projet {index}",
                 "category": category.pk, **FIELDS},
            )  # fmt: skip
            application = Application.objects.get(title=f"Projet {index}")
            assert (
                response.status_code == 302
                and response["Location"] == application.get_absolute_url()
            )
            attach = reverse("awards:attachment_add", args=[application.pk])
            post(client, member, attach, {"file": SimpleUploadedFile("plan.pdf", PDF)})
            # An executable renamed .pdf is refused, with a French message, and not stored.
            response = post(
                client, member, attach,
                {"file": SimpleUploadedFile("plan2.pdf", b"MZ\x90\x00 programme")}, follow=True,
            )  # fmt: skip
            assert "quelle que soit son extension" in messages_of(response)
            assert application.attachments.count() == 1
            response = post(
                client, referent, reverse("awards:application_submit", args=[application.pk]),
                follow=True,
            )  # fmt: skip
            assert "La candidature est déposée" in messages_of(response)
        confirmations = smtp_server.received
        assert [mail.to for mail in confirmations] == [f"ref{i}@village.fr" for i in range(3)]
        assert confirmations[0].subject == "Candidature déposée : Projet 0"
        assert (
            "jusqu’à la clôture de l’appel à candidatures, le 1 juin 2026" in confirmations[0].body
        )

    # The call closes: a late application is refused, the pre-selection starts.
    with time_machine.travel(at(6, 2)):
        late_team = teams[0]
        response = post(
            client, late_team[2], reverse("awards:apply", args=[2026]),
            {"title": "Projet tardif", "category": category.pk, **FIELDS},
        )  # fmt: skip
        assert "est clos" in messages_of(response)
        assert not Application.objects.filter(title="Projet tardif").exists()
        post(client, staff, reverse("awards:edition_move", args=[2026, "clore"]), {"comment": ""})
        response = post(
            client, staff, reverse("awards:jury_create", args=[2026]),
            {"region": RegionFactory().pk, "deadline": "01/09/2026 12:00"},
        )  # fmt: skip
        jury = Jury.objects.get(region__isnull=False)
        jurors = []
        for index in range(3):
            person = UserFactory(email=f"jure{index}@exemple.fr")
            IdentityFactory(user=person, franceconnect=True)
            post(client, staff, reverse("awards:jury", args=[2026, jury.pk]),
                 {"action": "name", "email": person.email})  # fmt: skip
            jurors.append(person)
        post(client, staff, reverse("awards:jury", args=[2026, jury.pk]), {"action": "assign"})
        assert Assignment.objects.filter(status=SheetStatus.TODO).count() == 9

    # Each juror scores each project: Projet 0 best, Projet 2 last; juror 0 is generous.
    with time_machine.travel(at(7, 1)):
        for index, person in enumerate(jurors):
            for assignment in Assignment.objects.filter(juror__user=person):
                number = int(assignment.application.title[-1])
                innovation, sobriety = edition.criteria.all()
                mark = min(5, 4 - number + (index == 0))
                response = post(
                    client, person, reverse("awards:sheet", args=[assignment.pk]),
                    {f"mark_{innovation.pk}": str(mark), f"comment_{innovation.pk}": "Clair",
                     f"mark_{sobriety.pk}": "", f"comment_{sobriety.pk}": "", "comment": ""},
                )  # fmt: skip
                assert response.status_code == 302, visible_text(response)
        page = client.get(reverse("awards:sheet", args=[assignment.pk]))
        # Once their sheet is sent, the juror sees the two others' marks, unnamed.
        assert "Autre juré n° 1" in visible_text(page) and "Autre juré n° 2" in visible_text(page)
        client.force_login(staff)
        manage = visible_text(client.get(reverse("awards:manage", args=[2026])))
        # Projet 0: 5, 4, 4 (mean 4.33); Projet 1: 4, 3, 3; Projet 2: 3, 2, 2.
        assert "Projet 0 — Commune de Village-0 Administration numérique 3 4,33 (1)" in manage
        response = post(
            client, staff, reverse("awards:finalists", args=[2026]),
            {"applications": [Application.objects.get(title=f"Projet {i}").pk for i in (0, 1)],
             "reason": "Les deux projets les mieux notés."},
        )  # fmt: skip
        assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == EditionStatus.FINAL
    decisions = {(mail.to, mail.subject) for mail in smtp_server.received[3:]}
    assert decisions == {
        ("ref0@village.fr", "Labels Territoires Innovants 2026 : votre projet est finaliste"),
        ("membre0@village.fr", "Labels Territoires Innovants 2026 : votre projet est finaliste"),
        ("ref1@village.fr", "Labels Territoires Innovants 2026 : votre projet est finaliste"),
        ("membre1@village.fr", "Labels Territoires Innovants 2026 : votre projet est finaliste"),
        ("ref2@village.fr", "Labels Territoires Innovants 2026 : résultat de la présélection"),
        ("membre2@village.fr", "Labels Territoires Innovants 2026 : résultat de la présélection"),
    }
    assert (
        "Motif de la décision : Les deux projets les mieux notés." in smtp_server.received[-1].body
    )

    # The final: the national jury scores the two finalists; a citizen votes once; the
    # deliberation; the palmarès.
    with time_machine.travel(at(10, 1)):
        post(
            client, staff, reverse("awards:jury_create", args=[2026]),
            {"region": "", "deadline": "15/10/2026 12:00"},
        )  # fmt: skip
        national = Jury.objects.get(region__isnull=True)
        for person in jurors:
            post(client, staff, reverse("awards:jury", args=[2026, national.pk]),
                 {"action": "name", "email": person.email})  # fmt: skip
        post(client, staff, reverse("awards:jury", args=[2026, national.pk]), {"action": "assign"})
        sheets = Assignment.objects.filter(juror__jury=national)
        assert sheets.count() == 6
        innovation, sobriety = edition.criteria.all()
        for assignment in sheets.select_related("juror__user", "application"):
            mark = 5 if assignment.application.title == "Projet 1" else 3
            post(
                client, assignment.juror.user, reverse("awards:sheet", args=[assignment.pk]),
                {f"mark_{innovation.pk}": str(mark), f"mark_{sobriety.pk}": "1"},
            )  # fmt: skip
        client.force_login(staff)
        final_ranking = visible_text(client.get(reverse("awards:awards", args=[2026])))
        # Projet 1: (5 × 2 + 1) / 3 = 3.67 from each national juror; Projet 0: 7 / 3 = 2.33.
        assert (
            "Projet 1 — Commune de Village-1 Administration numérique 3 3,67 (1)" in final_ranking
        )
        assert (
            "Projet 0 — Commune de Village-0 Administration numérique 3 2,33 (2)" in final_ranking
        )
        citizen = UserFactory(email="citoyen@exemple.fr")
        IdentityFactory(user=citizen, franceconnect=True)
        finalist = Application.objects.get(title="Projet 1")
        vote = reverse("awards:vote", args=[2026])
        post(client, citizen, vote, {"application": finalist.pk})
        response = post(client, citizen, vote, {"application": finalist.pk}, follow=True)
        assert "Vous avez déjà voté pour cette édition." in visible_text(response)
        assert PublicVote.objects.count() == 1
        winner = Application.objects.get(title="Projet 0")
        response = post(
            client, staff, reverse("awards:awards", args=[2026]),
            {"deliberation": "Le jury salue deux projets exemplaires.",
             f"kind_{winner.pk}": "label", f"kind_{finalist.pk}": "mention",
             f"title_{finalist.pk}": "Coup de cœur"},
        )  # fmt: skip
        assert response.status_code == 302
        post(client, staff, reverse("awards:edition_move", args=[2026, "publier"]), {"comment": ""})
    client.logout()
    palmares = visible_text(client.get(reverse("awards:palmares", args=[2026])))
    assert "Label Territoire Innovant" in palmares and "Mention « Coup de cœur »" in palmares
    assert "Le jury salue deux projets exemplaires." in palmares
    assert re.search(r"Projet 1 Commune de Village-1 1", palmares)
    badge = client.get(reverse("awards:badge", args=[winner.pk]))
    assert badge["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "X-Frame-Options" not in badge
    assert "Labellisé" in badge.content.decode()
    assert (
        client.get(
            reverse("awards:badge", args=[Application.objects.get(title="Projet 2").pk])
        ).status_code
        == 404
    )
    laureate_mails = [mail for mail in smtp_server.received if "distingué" in mail.subject]
    assert {mail.to for mail in laureate_mails} == {
        "ref0@village.fr", "membre0@village.fr", "ref1@village.fr", "membre1@village.fr"
    }  # fmt: skip
    assert {a.status for a in Application.objects.all()} == {
        ApplicationStatus.LAUREATE, ApplicationStatus.NOT_SELECTED
    }  # fmt: skip
