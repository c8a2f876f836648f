"""Legal obligations on hand-made collectivités."""

from territoires.observatory.framework import get_framework
from territoires.observatory.obligations import ObligationStatus, obligations_for
from territoires.observatory.scoring import ANSWERED, NOT_CONCERNED

FRAMEWORK = get_framework(2026)


def checklist(kind, population, **answers):
    checks = obligations_for(
        FRAMEWORK,
        kind=kind,
        population=population,
        answers={code.replace("_", "-"): answer for code, answer in answers.items()},
    )
    return {check.obligation.code: check.status for check in checks}


def yes(value=True):
    return (ANSWERED, value)


def test_a_large_commune_that_meets_everything():
    statuses = checklist(
        "commune",
        120_000,
        GOUV_01=yes(900),
        DATA_01=yes(3),
        NRES_01=yes(4),
        USAG_01=yes(),
        USAG_02=yes(),
        RGPD_01=yes(),
        ACHT_01=yes(),
        ACHT_02=yes(),
        ACHT_03=yes(),
        DATA_04=yes(),
    )
    assert statuses == {
        "donnees-ouvertes": ObligationStatus.MET,
        "strategie-numerique-responsable": ObligationStatus.MET,
        "declaration-accessibilite": ObligationStatus.MET,
        "delegue-protection-donnees": ObligationStatus.MET,
        "commande-publique-dematerialisee": ObligationStatus.MET,
        "base-adresse-locale": ObligationStatus.MET,
    }


def test_a_small_commune_has_neither_open_data_nor_reen_obligations():
    statuses = checklist(
        "commune", 800, GOUV_01=yes(4), USAG_01=yes(False), RGPD_01=yes(False), ACHT_01=yes(False)
    )
    assert statuses == {
        "delegue-protection-donnees": ObligationStatus.NOT_MET,
        "base-adresse-locale": ObligationStatus.UNKNOWN,
    }


def test_open_data_needs_both_3500_inhabitants_and_50_agents():
    assert "donnees-ouvertes" not in checklist("commune", 3499, GOUV_01=yes(80))
    assert "donnees-ouvertes" not in checklist("commune", 3500, GOUV_01=yes(49))
    assert checklist("commune", 3500, GOUV_01=yes(50), DATA_01=yes(2))["donnees-ouvertes"] == (
        ObligationStatus.NOT_MET
    )
    # Number of agents not given yet: the obligation may apply, its status is unknown.
    assert checklist("commune", 3500, DATA_01=yes(1))["donnees-ouvertes"] == (
        ObligationStatus.UNKNOWN
    )
    assert checklist("departement", 500_000, GOUV_01=yes(2000), DATA_01=yes(4))[
        "donnees-ouvertes"
    ] == (ObligationStatus.MET)


def test_the_reen_strategy_is_for_communes_and_epci_over_50000_inhabitants():
    assert "strategie-numerique-responsable" not in checklist("commune", 50_000)
    assert "strategie-numerique-responsable" not in checklist("departement", 400_000)
    statuses = checklist("epci", 50_001, NRES_01=yes(2))
    assert statuses["strategie-numerique-responsable"] == ObligationStatus.NOT_MET
    assert "base-adresse-locale" not in statuses


def test_non_concerne_or_no_answer_leaves_the_status_unknown():
    statuses = checklist("region", 5_000_000, USAG_01=yes(), USAG_02=(NOT_CONCERNED, None))
    assert statuses["declaration-accessibilite"] == ObligationStatus.UNKNOWN
    assert statuses["delegue-protection-donnees"] == ObligationStatus.UNKNOWN
    # Procurement: met only when both conditions hold.
    statuses = checklist("region", 5_000_000, ACHT_01=yes(), ACHT_02=yes(), ACHT_03=yes(False))
    assert statuses["commande-publique-dematerialisee"] == ObligationStatus.NOT_MET
    assert "declaration-accessibilite" not in checklist("commune", 300, USAG_01=yes(False))
