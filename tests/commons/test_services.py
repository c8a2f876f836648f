"""The life of a fiche through its services: proposal, checks, moderation, versions, merge,
usages and experience reports; every refusal in French and changing nothing."""

import pytest

from territoires.commons import services
from territoires.commons.enums import CommunStatus, ReportStatus, Visibility
from territoires.commons.models import Commun, CommunVersion, ExperienceReport, Usage
from territoires.core.errors import BusinessError
from territoires.core.workflows import transition_history
from tests.commons.factories import CommunFactory, ExperienceReportFactory, UsageFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Plateforme de démocratie participative",
    "kind": "kit_concertation",
    "summary": "Une plateforme pour consulter les habitants.",
    "description": "## Pour qui\n\nLes communes.",
    "axes": ["USAG", "GOUV"],
    "licence": "AGPL-3.0-or-later",
    "website": "https://exemple.fr/",
    "maturity": "production",
}


def propose(people, **changes):
    return services.commun_propose(
        actor=people.member, organisation=people.organisation, data={**VALID, **changes}
    )


def test_a_member_proposes_a_fiche_kept_as_version_1(people):
    commun = propose(people, hosting=None)
    assert commun.status == CommunStatus.PROPOSED
    assert commun.slug == "plateforme-de-democratie-participative"
    assert commun.proposed_for == people.organisation
    version = commun.versions.get()
    assert (version.number, version.author, version.changed) == (1, people.member, [])
    assert version.data["licence"] == "AGPL-3.0-or-later"
    assert [(row.from_label, row.to_label) for row in transition_history(commun)] == [
        ("", "Proposée")
    ]


def test_a_person_outside_the_organisation_cannot_propose_for_it(people):
    with pytest.raises(BusinessError) as refusal:
        services.commun_propose(actor=people.outsider, organisation=people.organisation, data=VALID)
    assert refusal.value.status == 403
    assert not Commun.objects.filter(name=VALID["name"]).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"licence": "Licence-Maison-1.0"}, "licence", "n’est pas un identifiant de licence SPDX"),
        ({"axes": ["USAG", "NOPE"]}, "axes", "Axe inconnu de l’observatoire : NOPE."),
        ({"website": "javascript:alert(1)"}, "website", "http:// ou https://"),
        ({"repository": "ftp://exemple.fr/depot"}, "repository", "http:// ou https://"),
        ({"description": "x" * 200_000}, "description", "Le texte dépasse 20\u202f000 caractères"),
        ({"kind": "fusee"}, "kind", "Type de commun inconnu"),
        ({"name": "  "}, "name", "Le nom est obligatoire."),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(people, changes, field, message):
    before = (Commun.objects.count(), CommunVersion.objects.count())
    with pytest.raises(BusinessError) as refusal:
        propose(people, **changes)
    assert message in " ".join(refusal.value.errors[field])
    assert refusal.value.message.startswith("La fiche n’a pas été enregistrée")
    assert (Commun.objects.count(), CommunVersion.objects.count()) == before


def test_the_same_name_written_otherwise_is_a_duplicate(people):
    with pytest.raises(BusinessError) as refusal:
        propose(people, name="PARAPHEUR-Libre")
    assert "Une fiche « Parapheur libre » existe déjà" in refusal.value.message
    assert Commun.objects.count() == 1


def test_staff_publishes_and_the_proposer_may_no_longer_edit(people):
    commun = propose(people)
    with pytest.raises(BusinessError) as refusal:
        services.commun_publish(actor=people.member, commun=commun)
    assert refusal.value.status == 403
    services.commun_publish(actor=people.staff, commun=commun)
    commun.refresh_from_db()
    assert commun.status == CommunStatus.PUBLISHED and commun.published_at is not None
    with pytest.raises(BusinessError):
        services.commun_update(actor=people.member, commun=commun, data={"summary": "Autre."})
    with pytest.raises(BusinessError) as twice:
        services.commun_publish(actor=people.staff, commun=commun)
    assert twice.value.status == 409


def test_a_refusal_needs_a_reason(people):
    commun = propose(people)
    with pytest.raises(BusinessError) as refusal:
        services.commun_refuse(actor=people.staff, commun=commun, reason=" ")
    assert "motif" in refusal.value.message
    commun.refresh_from_db()
    assert commun.status == CommunStatus.PROPOSED


def test_maintainers_edit_a_published_fiche_and_each_change_is_a_version(people):
    commun = people.commun
    services.commun_update(actor=people.staff, commun=commun, data={}, comment="État initial")
    changed = services.commun_update(
        actor=people.maintainer,
        commun=commun,
        data={"summary": "Un parapheur électronique libre.", "licence": "AGPL-3.0-only"},
    )
    assert changed
    last = commun.versions.order_by("-number").first()
    assert last.number == 2 and last.author == people.maintainer
    assert last.changed == ["résumé en une phrase", "licence (identifiant SPDX)"]
    # The same data again changes nothing, and keeps no new version.
    assert not services.commun_update(
        actor=people.maintainer, commun=commun, data={"licence": "AGPL-3.0-only"}
    )
    assert commun.versions.count() == 2
    for intruder in (people.member, people.outsider):
        with pytest.raises(BusinessError) as refusal:
            services.commun_update(actor=intruder, commun=commun, data={"summary": "Piraté."})
        assert refusal.value.status == 403
    commun.refresh_from_db()
    assert commun.summary == "Un parapheur électronique libre."
    assert commun.slug == "parapheur-libre"


def test_a_published_fiche_is_archived_never_deleted(people):
    services.commun_archive(actor=people.staff, commun=people.commun)
    people.commun.refresh_from_db()
    assert people.commun.status == CommunStatus.ARCHIVED
    with pytest.raises(BusinessError) as refusal:
        services.commun_archive(actor=people.staff, commun=people.commun)
    assert (
        refusal.value.message == "Une fiche « archivée » ne peut pas passer à l’état « archivée »."
    )


def test_staff_merges_a_duplicate_its_usages_and_reports_move(people):
    kept, duplicate = people.commun, CommunFactory(name="i-Parapheur libre")
    both = UsageFactory(commun=kept).organisation
    UsageFactory(commun=duplicate, organisation=both)
    moved = UsageFactory(commun=duplicate)
    report = ExperienceReportFactory(communs=[duplicate])
    with pytest.raises(BusinessError):
        services.commun_merge(actor=people.maintainer, kept=kept, duplicate=duplicate)
    services.commun_merge(actor=people.staff, kept=kept, duplicate=duplicate)
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.status == CommunStatus.ARCHIVED and duplicate.merged_into == kept
    assert set(kept.usages.values_list("organisation", flat=True)) == {
        both.pk,
        moved.organisation.pk,
    }
    assert not duplicate.usages.exists()
    assert list(report.communs.all()) == [kept]
    assert (kept.users_count, duplicate.users_count) == (2, 0)
    assert "fusionnée ici (1 usage(s) déplacé(s))" in transition_history(kept)[-1].comment


def test_one_usage_per_organisation_and_private_ones_are_not_counted(people):
    data = {"since_year": 2021, "visibility": Visibility.MEMBERS, "contactable": False}
    services.usage_declare(
        actor=people.member, organisation=people.organisation, commun=people.commun, data=data
    )
    people.commun.refresh_from_db()
    assert people.commun.users_count == 0
    with pytest.raises(BusinessError) as refusal:
        services.usage_declare(
            actor=people.member, organisation=people.organisation, commun=people.commun, data={}
        )
    assert refusal.value.message == (
        "Village-0 a déjà déclaré utiliser Parapheur libre : modifiez cet usage."
    )
    with pytest.raises(BusinessError) as refusal:
        services.usage_declare(
            actor=people.outsider, organisation=people.organisation, commun=CommunFactory(), data={}
        )
    assert refusal.value.status == 403
    usage = Usage.objects.get()
    with pytest.raises(BusinessError) as refusal:
        services.usage_update(actor=people.member, usage=usage, data={"since_year": 1700})
    assert refusal.value.errors["since_year"][0].startswith("L’année doit être comprise entre 1980")
    services.usage_update(actor=people.member, usage=usage, data={"visibility": "public"})
    people.commun.refresh_from_db()
    assert people.commun.users_count == 1
    assert Usage.objects.count() == 1


def test_an_experience_report_from_draft_to_archive_with_a_co_author(people):
    report = services.report_create(
        actor=people.member,
        organisation=people.organisation,
        data={"title": "Un parapheur pour 12 communes", "problem": "Des signatures perdues."},
        communs=[people.commun],
    )
    assert report.status == ReportStatus.DRAFT
    with pytest.raises(BusinessError):
        services.report_update(actor=people.outsider, report=report, data={"team": "Deux agents"})
    services.report_author_add(
        actor=people.member, report=report, organisation=people.other_organisation
    )
    # The co-author's member now edits it.
    services.report_update(actor=people.outsider, report=report, data={"team": "Deux agents"})
    with pytest.raises(BusinessError) as refusal:
        services.report_update(actor=people.member, report=report, data={"axes": ["XXX"]})
    assert refusal.value.errors["axes"] == ["Axe inconnu de l’observatoire : XXX."]
    services.report_submit(actor=people.member, report=report)
    with pytest.raises(BusinessError):
        services.report_update(actor=people.member, report=report, data={"team": "Trois"})
    with pytest.raises(BusinessError):
        services.report_publish(actor=people.member, report=report)
    services.report_publish(actor=people.staff, report=report)
    services.report_archive(actor=people.staff, report=report)
    report.refresh_from_db()
    assert (report.status, report.team) == (ReportStatus.ARCHIVED, "Deux agents")
    assert [row.to_label for row in transition_history(report)] == [
        "Brouillon",
        "Brouillon",
        "Soumis à la modération",
        "Publié",
        "Archivé",
    ]


def test_a_report_cites_only_published_fiches(people):
    with pytest.raises(BusinessError) as refusal:
        services.report_create(
            actor=people.member,
            organisation=people.organisation,
            data={"title": "Titre", "problem": "Problème"},
            communs=[CommunFactory(proposed=True)],
        )
    assert refusal.value.errors["communs"] == ["Seules les fiches publiées peuvent être citées."]
    assert not ExperienceReport.objects.exists()


def test_the_proposer_receives_the_reason_of_a_refusal(smtp_server, people):
    commun = propose(people)
    services.commun_refuse(
        actor=people.staff, commun=commun, reason="Cette plateforme a déjà une fiche."
    )
    commun.refresh_from_db()
    assert commun.status == CommunStatus.REFUSED
    [mail] = smtp_server.received
    assert mail.to == "agent@village.fr"
    assert mail.subject == (
        "Votre proposition de fiche « Plateforme de démocratie participative » n’a pas été retenue"
    )
    assert "Motif : Cette plateforme a déjà une fiche." in mail.body


def test_the_writer_of_a_refused_report_receives_the_reason(smtp_server, people):
    report = ExperienceReportFactory(
        submitted=True, authors=[people.organisation], created_by=people.member
    )
    services.report_refuse(actor=people.staff, report=report, reason="Ajoutez des chiffres.")
    [mail] = smtp_server.received
    assert mail.to == "agent@village.fr"
    assert "Motif : Ajoutez des chiffres." in mail.body
