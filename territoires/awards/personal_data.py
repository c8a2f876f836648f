"""What the labels hold about a person, for the RGPD download and the account's deletion
(``core.personal_data``): the applications they drafted, their places in juries with the
sheets they sent, their vote for the prix du public.

At deletion, the person's name leaves every row, but what they did stays counted: the sheets
of a juror and a citizen's vote still weigh in the rankings and the prix du public, and an
application belongs to its collectivité, not to the agent who drafted it.
"""

from territoires.awards.models import Application, Assignment, Juror, PublicVote


def personal_data_export(user) -> dict:
    return {
        "candidatures_redigees": [
            {"edition": year, "titre": title, "etat": status}
            for year, title, status in Application.objects.filter(created_by=user)
            .order_by("edition__year", "title")
            .values_list("edition__year", "title", "status")
        ],
        "jurys": [
            {
                "edition": juror.jury.edition.year,
                "jury": str(juror.jury),
                "fiches": [
                    {
                        "candidature": sheet.application.title,
                        "etat": sheet.status,
                        "note_ponderee": sheet.total,
                        "appreciation": sheet.comment,
                        "notes": {score.criterion.name: score.mark for score in sheet.scores.all()},
                    }
                    for sheet in Assignment.objects.filter(juror=juror)
                    .select_related("application")
                    .prefetch_related("scores__criterion")
                ],
            }
            for juror in Juror.objects.filter(user=user).select_related(
                "jury__edition", "jury__region"
            )
        ],
        "votes_du_public": [
            {"edition": year, "projet": title}
            for year, title in PublicVote.objects.filter(user=user).values_list(
                "edition__year", "application__title"
            )
        ],
    }


def personal_data_erase(user) -> None:
    Application.objects.filter(created_by=user).update(created_by=None)
    Juror.objects.filter(user=user).update(user=None)
    PublicVote.objects.filter(user=user).update(user=None)
