"""What the labels hold about a person joins their download; at deletion their name leaves,
what they did stays counted."""

import json

import time_machine
from django.urls import reverse

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus
from territoires.awards.models import Assignment, PublicVote
from territoires.awards.selectors import jury_ranking, vote_counts
from tests.awards.factories import ApplicationFactory, AssignmentFactory, EditionFactory, at


def test_a_jurors_and_voters_data_is_exported_then_anonymised(client, people):
    with time_machine.travel(at(7, 1), tick=False):
        sheet = AssignmentFactory(juror__user=people["citizen"])
        innovation = sheet.application.edition.criteria.first()
        services.sheet_score(
            actor=people["citizen"],
            assignment=sheet,
            marks={innovation.pk: services.MarkInput(4, "Solide")},
        )
    final = EditionFactory(year=2027, final=True, public_vote=True, final_at=at(10, 15, 2027))
    finalist = ApplicationFactory(edition=final, status=ApplicationStatus.FINALIST)
    with time_machine.travel(at(10, 1, 2027), tick=False):
        services.vote_cast(actor=people["citizen"], edition=final, application=finalist)
    client.force_login(people["citizen"])

    data = json.loads(client.get(reverse("accounts:account_export")).content)["labels"]
    assert data["jurys"][0]["fiches"][0]["notes"] == {"Innovation": 4}
    assert data["jurys"][0]["fiches"][0]["note_ponderee"] == 4.0
    assert data["votes_du_public"] == [{"edition": 2027, "projet": finalist.title}]

    client.post(reverse("accounts:account_delete"), {"confirm": "on"})
    sheet = Assignment.objects.get(pk=sheet.pk)
    assert sheet.juror.user is None and str(sheet.juror) == "Juré dont le compte est supprimé"
    assert [row.ranked.mean for row in jury_ranking(sheet.juror.jury)] == [4.0]
    assert PublicVote.objects.get().user is None
    assert vote_counts(final) == [(finalist, 1)]
