"""What the bourse holds about a person, for the RGPD download and the account's deletion:
their saved searches (erased), and the needs and requests they wrote for their organisation
(kept for it, their name removed)."""

from territoires.exchange.models import Agreement, Need, SavedSearch


def exchange_export(user) -> dict:
    return {
        "recherches_enregistrees": [
            {
                "recherche": search.get_target_display(),
                "competence": search.skill_name,
                "territoire": search.area.name if search.area else "toute la France",
                "frequence": search.get_frequency_display(),
                "creee_le": search.created_at.isoformat(),
            }
            for search in SavedSearch.objects.filter(user=user).select_related("area")
        ],
        "besoins_rediges": [
            {"besoin": need.skill_name, "organisation": need.organisation.name}
            for need in Need.objects.filter(created_by=user).select_related("organisation")
        ],
        "demandes_envoyees": [
            {
                "offre": agreement.offer.title,
                "organisation": agreement.requester.name,
                "demandee_le": agreement.created_at.isoformat(),
            }
            for agreement in Agreement.objects.filter(created_by=user).select_related(
                "offer", "requester"
            )
        ],
    }


def exchange_erase(user) -> None:
    SavedSearch.objects.filter(user=user).delete()
    Need.objects.filter(created_by=user).update(created_by=None)
    Agreement.objects.filter(created_by=user).update(created_by=None)
