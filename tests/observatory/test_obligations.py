"""Legal obligations on hand-made collectivités, on each side of their thresholds and dates."""

import datetime

import pytest
import time_machine

from territoires.observatory.framework import get_framework
from territoires.observatory.obligations import ObligationStatus, obligations_for
from territoires.observatory.scoring import ANSWERED, NOT_CONCERNED

FRAMEWORK = get_framework(2026)
TODAY = datetime.date(2026, 12, 1)
MET, NOT_MET, UNKNOWN = ObligationStatus.MET, ObligationStatus.NOT_MET, ObligationStatus.UNKNOWN


def checklist(kind, population, *, on=TODAY, **answers):
    """The statuses by obligation code; ``on=None`` reads today's date (time-machine)."""
    checks = obligations_for(
        FRAMEWORK,
        kind=kind,
        population=population,
        answers={code.replace("_", "-"): answer for code, answer in answers.items()},
        on=on,
    )
    return {check.obligation.code: check.status for check in checks}


def yes(value=True):
    return (ANSWERED, value)


def no():
    return (ANSWERED, False)


def on_day(day: str, kind, population, **answers):
    """The checklist on ``day``, as the pages compute it (today's date)."""
    with time_machine.travel(datetime.datetime.fromisoformat(f"{day}T12:00:00+01:00")):
        return checklist(kind, population, on=None, **answers)


def legal_basis(code: str) -> str:
    found = {
        **{i.code: i.legal_basis for i in FRAMEWORK.indicators},
        **{o.code: o.legal_basis for o in FRAMEWORK.obligations},
    }
    return " ; ".join(found[code])


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
        ACHT_08=yes(),
        DATA_04=yes(),
        EADM_02=yes(),
        EADM_03=yes(),
        USAG_06=yes(),
        USAG_09=yes(),
        USAG_10=yes(),
        USAG_08=yes(),
        ACHT_04=yes(),
        ACHT_05=yes(),
        ACHT_06=yes(),
        NRES_06=yes(50),
    )
    assert statuses == {
        "donnees-ouvertes": MET,
        "strategie-numerique-responsable": MET,
        "declaration-accessibilite": MET,
        "delegue-protection-donnees": MET,
        "commande-publique-dematerialisee": MET,
        "base-adresse-locale": MET,
        "transmission-electronique-actes": MET,
        "publication-electronique-actes": MET,
        "saisine-electronique-urbanisme": MET,
        "instruction-dematerialisee-urbanisme": MET,
        "paiement-en-ligne": MET,
        "facturation-electronique": MET,
        "donnees-essentielles-marches": MET,
        "critere-environnemental-marches": MET,
        "reemploi-materiels-informatiques": MET,
    }


def test_a_small_commune_has_neither_open_data_nor_reen_obligations():
    statuses = checklist(
        "commune", 800, GOUV_01=yes(4), USAG_01=no(), RGPD_01=no(), ACHT_01=no(), ACHT_08=no()
    )
    assert statuses == {
        "delegue-protection-donnees": NOT_MET,
        "base-adresse-locale": UNKNOWN,
        "saisine-electronique-urbanisme": UNKNOWN,
        "paiement-en-ligne": UNKNOWN,
        "facturation-electronique": UNKNOWN,
        "reemploi-materiels-informatiques": UNKNOWN,
    }


def test_open_data_needs_both_3500_inhabitants_and_50_agents():
    assert "donnees-ouvertes" not in checklist("commune", 3499, GOUV_01=yes(80))
    assert "donnees-ouvertes" not in checklist("commune", 3500, GOUV_01=yes(49))
    assert checklist("commune", 3500, GOUV_01=yes(50), DATA_01=yes(2))["donnees-ouvertes"] == (
        NOT_MET
    )
    # Number of agents not given yet: the obligation may apply, its status is unknown.
    assert checklist("commune", 3500, DATA_01=yes(1))["donnees-ouvertes"] == UNKNOWN
    assert checklist("departement", 500_000, GOUV_01=yes(2000), DATA_01=yes(4))[
        "donnees-ouvertes"
    ] == (MET)


def test_the_reen_strategy_is_for_communes_and_epci_over_50000_inhabitants():
    assert "strategie-numerique-responsable" not in checklist("commune", 50_000)
    assert "strategie-numerique-responsable" not in checklist("departement", 400_000)
    statuses = checklist("epci", 50_001, NRES_01=yes(2))
    assert statuses["strategie-numerique-responsable"] == NOT_MET
    assert "base-adresse-locale" not in statuses


def test_non_concerne_or_no_answer_leaves_the_status_unknown():
    statuses = checklist("region", 5_000_000, USAG_01=yes(), USAG_02=(NOT_CONCERNED, None))
    assert statuses["declaration-accessibilite"] == UNKNOWN
    assert statuses["delegue-protection-donnees"] == UNKNOWN
    # Procurement: met only when both conditions hold.
    statuses = checklist("region", 5_000_000, ACHT_08=yes(), ACHT_02=yes(), ACHT_03=no())
    assert statuses["commande-publique-dematerialisee"] == NOT_MET
    assert "declaration-accessibilite" not in checklist("commune", 300, USAG_01=no())


# --- The rules corrected in version 2026.2 ---------------------------------------------


def test_the_framework_is_version_2026_2_and_says_what_changed():
    assert FRAMEWORK.version == "2026.2"
    assert [release.version for release in FRAMEWORK.changelog] == ["2026.1", "2026.2"]
    subjects = " ".join(change.subject for change in FRAMEWORK.changelog[-1].changes)
    for code in ("EADM-02", "EADM-03", "DATA-01", "DATA-04", "NRES-02", "NRES-04", "ACHT-03"):
        assert code in subjects
    assert all(change.why for change in FRAMEWORK.changelog[-1].changes)


def test_electronic_transmission_to_the_prefect_cites_the_articles_in_force():
    basis = legal_basis("EADM-02")
    assert "L. 3131-2" in basis and "L. 4141-2" in basis and "L. 5211-3" in basis
    assert "L. 3131-1" not in basis and "L. 4141-1" not in basis
    assert "n° 2015-991" in basis and "art. 128" in basis
    assert legal_basis("transmission-electronique-actes") != ""


@pytest.mark.parametrize(
    ("kind", "population", "applies"),
    [
        ("commune", 50_000, False),
        ("commune", 50_001, True),
        ("epci", 20_000, True),
        ("departement", 200_000, True),
        ("region", 3_000_000, True),
        ("com", 30_000, False),
    ],
)
def test_electronic_transmission_by_kind_and_size(kind, population, applies):
    statuses = checklist(kind, population, EADM_02=no())
    assert statuses.get("transmission-electronique-actes") == (NOT_MET if applies else None)


def test_electronic_transmission_applies_from_august_2020():
    assert "transmission-electronique-actes" not in on_day("2020-08-06", "region", 3_000_000)
    assert on_day("2020-08-07", "region", 3_000_000, EADM_02=yes())[
        "transmission-electronique-actes"
    ] == (MET)


def test_electronic_publication_of_acts_for_every_level_except_small_communes():
    basis = legal_basis("EADM-03")
    for article in ("L. 2131-1", "L. 3131-1", "L. 4141-1", "L. 5211-3"):
        assert article in basis
    assert "publication-electronique-actes" not in checklist("commune", 3499, EADM_03=no())
    assert checklist("commune", 3500, EADM_03=no())["publication-electronique-actes"] == NOT_MET
    assert checklist("epci", 1_500, EADM_03=yes())["publication-electronique-actes"] == MET
    assert "publication-electronique-actes" not in on_day("2022-06-30", "departement", 500_000)
    assert "publication-electronique-actes" in on_day("2022-07-01", "departement", 500_000)


def test_open_data_cites_the_crpa_and_no_longer_the_youth_council_article():
    for code in ("DATA-01", "donnees-ouvertes"):
        basis = legal_basis(code)
        assert "L. 1112-23" not in basis
        assert "L. 312-1-1 et D. 312-1-1-1" in basis and "n° 2016-1922" in basis


def test_addressing_cites_l2121_30_and_applies_from_2024():
    for code in ("DATA-04", "base-adresse-locale"):
        basis = legal_basis(code)
        assert "L. 2121-30," in basis and "L. 2121-30-1" not in basis
        assert "n° 2022-217" in basis and "n° 2023-767" in basis
    assert "base-adresse-locale" not in on_day("2023-12-31", "commune", 800, DATA_04=no())
    assert on_day("2024-01-01", "commune", 800, DATA_04=no())["base-adresse-locale"] == NOT_MET


def test_recycled_purchases_cite_the_2024_decree_without_the_old_figure():
    indicator = FRAMEWORK.indicators_by_code["NRES-02"]
    assert "n° 2024-134" in legal_basis("NRES-02") and "2021-254" not in legal_basis("NRES-02")
    assert "20 %" not in indicator.help
    assert "2027" in indicator.help and "2030" in indicator.help


def test_reuse_of_retired_equipment_half_from_2025():
    basis = legal_basis("NRES-04")
    assert "L. 3212-3" in basis and "art. 16" in basis
    assert "n° 2023-266" in legal_basis("reemploi-materiels-informatiques")
    assert checklist("commune", 800, NRES_06=yes(49))["reemploi-materiels-informatiques"] == (
        NOT_MET
    )
    assert checklist("commune", 800, NRES_06=yes(50))["reemploi-materiels-informatiques"] == MET
    assert "reemploi-materiels-informatiques" not in on_day("2024-12-31", "epci", 30_000)
    assert "reemploi-materiels-informatiques" in on_day("2025-01-01", "epci", 30_000)


def test_dematerialised_procurement_threshold_moves_to_60000_with_a_call_for_competition():
    answers = {"ACHT_01": yes(), "ACHT_02": no(), "ACHT_03": yes()}
    before = on_day("2026-03-31", "commune", 8_000, **answers)
    assert before["commande-publique-dematerialisee-40000"] == NOT_MET
    assert "commande-publique-dematerialisee" not in before
    # From 1 April 2026: 40 000 € HT no longer makes it apply; 60 000 € HT with a call does.
    after = on_day("2026-04-01", "commune", 8_000, ACHT_08=no(), **answers)
    assert "commande-publique-dematerialisee-40000" not in after
    assert "commande-publique-dematerialisee" not in after
    after = on_day("2026-04-01", "commune", 8_000, ACHT_08=yes(), **answers)
    assert after["commande-publique-dematerialisee"] == NOT_MET
    assert "n° 2025-1386" in legal_basis("commande-publique-dematerialisee")
    # The key contract data keep their 40 000 € HT threshold.
    assert after["donnees-essentielles-marches"] == UNKNOWN
    assert "donnees-essentielles-marches" not in checklist("commune", 8_000, ACHT_01=no())


def test_receiving_offers_online_and_signing_on_paper_meets_the_obligation():
    signature = FRAMEWORK.indicators_by_code["ACHT-07"]
    assert "R. 2182-3" in legal_basis("ACHT-07") and not signature.context
    assert "sign" not in FRAMEWORK.indicators_by_code["ACHT-03"].question
    statuses = checklist(
        "commune", 8_000, ACHT_08=yes(), ACHT_02=yes(), ACHT_03=yes(), ACHT_07=no()
    )
    assert statuses["commande-publique-dematerialisee"] == MET
    obligation = next(
        o for o in FRAMEWORK.obligations if o.code == "commande-publique-dematerialisee"
    )
    assert "ACHT-07" not in [condition.indicator for condition in obligation.met_when]


def test_the_environmental_award_criterion_is_binding_from_21_august_2026():
    assert "art. 35" in legal_basis("ACHT-06") and "n° 2021-1104" in legal_basis("ACHT-06")
    assert "n° 2022-767" in " ".join(
        next(
            o for o in FRAMEWORK.obligations if o.code == "critere-environnemental-marches"
        ).legal_basis
    )
    assert "critere-environnemental-marches" not in on_day(
        "2026-08-20", "commune", 8_000, ACHT_01=yes(), ACHT_06=no()
    )
    assert on_day("2026-08-21", "commune", 8_000, ACHT_01=yes(), ACHT_06=no())[
        "critere-environnemental-marches"
    ] == (NOT_MET)


def test_online_payment_above_5000_euros_of_revenue():
    basis = legal_basis("USAG-08")
    assert "L. 1611-5-1" in basis and "5 000 €" in basis
    assert "paiement-en-ligne" not in checklist("commune", 300, USAG_10=no(), USAG_08=no())
    assert checklist("commune", 300, USAG_10=yes(), USAG_08=no())["paiement-en-ligne"] == NOT_MET
    assert "paiement-en-ligne" not in on_day("2021-12-31", "commune", 300, USAG_10=yes())
    assert "paiement-en-ligne" in on_day("2022-01-01", "commune", 300, USAG_10=yes())


def test_planning_applications_online_and_processed_online_above_3500_inhabitants():
    statuses = checklist("commune", 3_500, USAG_06=yes(), USAG_09=no())
    assert statuses["saisine-electronique-urbanisme"] == MET
    assert "instruction-dematerialisee-urbanisme" not in statuses
    statuses = checklist("commune", 3_501, USAG_06=yes(), USAG_09=no())
    assert statuses["instruction-dematerialisee-urbanisme"] == NOT_MET
    assert "saisine-electronique-urbanisme" not in checklist("epci", 30_000)
    assert "saisine-electronique-urbanisme" not in on_day("2021-12-31", "commune", 800)


def test_electronic_invoices_for_every_collectivite_since_2017():
    assert "L. 2192-1" in legal_basis("facturation-electronique")
    for kind in ("region", "departement", "epci", "commune", "com"):
        assert checklist(kind, 1_000, ACHT_05=no())["facturation-electronique"] == NOT_MET
    assert "facturation-electronique" not in on_day("2016-12-31", "commune", 1_000)


# --- Unknown population ------------------------------------------------------------------


def test_an_unknown_population_shows_population_bound_obligations_as_unknown():
    statuses = checklist(
        "commune",
        None,
        GOUV_01=yes(80),
        DATA_01=yes(1),
        EADM_02=no(),
        EADM_03=no(),
        NRES_01=yes(0),
        USAG_06=yes(),
        USAG_09=no(),
        DATA_04=yes(),
    )
    for code in (
        "donnees-ouvertes",
        "strategie-numerique-responsable",
        "transmission-electronique-actes",
        "publication-electronique-actes",
        "instruction-dematerialisee-urbanisme",
    ):
        assert statuses[code] == UNKNOWN, code
    # Obligations that do not depend on the population keep their status.
    assert statuses["saisine-electronique-urbanisme"] == MET
    assert statuses["base-adresse-locale"] == MET
    # A kind that the rule takes in whatever its size needs no population.
    assert checklist("region", None, EADM_02=no())["transmission-electronique-actes"] == NOT_MET
