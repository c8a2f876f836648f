"""The 2026 framework file, and the refusal of broken framework files."""

import re

import pytest

from territoires.observatory.framework import (
    FRAMEWORKS_DIR,
    LIGHT_QUESTIONNAIRE_MAX,
    FrameworkError,
    IndicatorType,
    available_editions,
    get_framework,
    parse_framework,
)

FILE_NAME = "referentiel-2026.toml"
SOURCE = (FRAMEWORKS_DIR / FILE_NAME).read_text(encoding="utf-8")


def test_the_2026_framework_covers_the_value_chain():
    framework = get_framework(2026)
    assert available_editions()[0] == 2026
    assert [axis.code for axis in framework.axes] == [
        "LAB", "EADM", "DATA", "AMEN", "TINT", "USAG", "INCL", "ENTR", "FILI",
        "NRES", "CYBR", "RGPD", "ARCH", "ACHT", "GOUV",
    ]  # fmt: skip
    assert [axis.code for axis in framework.axes if axis.transversal] == [
        "NRES", "CYBR", "RGPD", "ARCH", "ACHT", "GOUV",
    ]  # fmt: skip
    assert len(framework.indicators) >= 70
    for axis in framework.axes:
        assert len(axis.indicators) >= 4, axis.code
        assert all(indicator.code.startswith(f"{axis.code}-") for indicator in axis.indicators)
    assert [level.name for level in framework.levels] == [
        "Premiers pas", "En progression", "Structuré", "Avancé", "Exemplaire",
    ]  # fmt: skip
    assert framework.completeness_threshold == 60


def test_the_light_questionnaire_is_short_and_scored_on_several_axes():
    framework = get_framework(2026)
    light = framework.light_indicators
    assert 0 < len(light) <= LIGHT_QUESTIONNAIRE_MAX
    assert len({indicator.axis for indicator in light if indicator.weight}) >= 8
    # Every light indicator can be asked to a commune under 3 500 inhabitants.
    for indicator in light:
        assert indicator.applies_to.applies(kind="commune", population=3499), indicator.code
    assert framework.light_questionnaire.eligible(kind="commune", population=3499)
    assert not framework.light_questionnaire.eligible(kind="commune", population=3500)
    assert not framework.light_questionnaire.eligible(kind="epci", population=1000)


def test_every_indicator_type_is_used_with_its_rule():
    framework = get_framework(2026)
    used = {indicator.type for indicator in framework.indicators}
    assert used == set(IndicatorType)
    for indicator in framework.indicators:
        if indicator.type == IndicatorType.LEVEL:
            assert len(indicator.levels) == 5 and len(indicator.level_scores) == 5
        if indicator.type == IndicatorType.MULTIPLE_CHOICE:
            assert indicator.options
        assert indicator.question.endswith("?"), indicator.code


def test_legal_bases_cited_by_the_brief_are_there():
    framework = get_framework(2026)
    bases = {code: " ".join(i.legal_basis) for code, i in framework.indicators_by_code.items()}
    assert "n° 2016-1321" in bases["DATA-01"] and "L. 312-1-1" in bases["DATA-01"]
    assert "n° 2021-1485" in bases["NRES-01"] and "art. 35" in bases["NRES-01"]
    assert "n° 2005-102" in bases["USAG-02"] and "n° 2019-768" in bases["USAG-02"]
    assert "RGPD), art. 37" in bases["RGPD-01"]
    assert "R. 2132-7" in bases["ACHT-02"]


def _in_block(code: str, old: str, new: str, source: str = SOURCE) -> str:
    """Replace ``old`` by ``new`` inside the TOML block that starts at ``code = "<code>"``."""
    start = source.index(f'code = "{code}"')
    end = source.find("\n[[", start)
    block = source[start:end]
    assert old in block, (code, old)
    return source[:start] + block.replace(old, new, 1) + source[end:]


BROKEN_FILES = {
    "toml-syntax": (SOURCE + "\n[[axes\n", "n’est pas un TOML valide"),
    "missing-field": (
        _in_block("LAB-03", 'question = "Les usagers', 'questio = "Les usagers'),
        "axe « LAB » › indicateur n° 3 (« LAB-03 »), champ « question » : ce champ est obligatoire",
    ),
    "wrong-field-type": (
        _in_block("LAB-03", "weight = 2", 'weight = "2"'),
        "indicateur n° 3 (« LAB-03 »), champ « weight » : un nombre est attendu",
    ),
    "unknown-field": (
        _in_block("LAB-03", "weight = 2", "weight = 2\nwieght = 2"),
        "(« LAB-03 ») : champ inconnu « wieght »",
    ),
    "zero-weight": (
        _in_block("LAB-03", "weight = 2", "weight = 0"),
        "(« LAB-03 »), champ « weight » : la pondération doit être strictement positive",
    ),
    "duplicate-indicator-code": (
        _in_block("LAB-02", 'code = "LAB-02"', 'code = "LAB-01"'),
        "le code d’indicateur « LAB-01 » est en double",
    ),
    "unknown-type": (
        _in_block("LAB-03", 'type = "yes_no"', 'type = "oui_non"'),
        "(« LAB-03 »), champ « type » : type « oui_non » inconnu",
    ),
    "level-labels": (
        _in_block("LAB-01", '  "Aucune structure ni démarche",\n', ""),
        "(« LAB-01 »), champ « levels » : 5 libellés sont attendus",
    ),
    "decreasing-scores": (
        _in_block("LAB-02", "[[1, 40], [3, 70]", "[[1, 40], [3, 30]"),
        "(« LAB-02 »), champ « thresholds » : les scores ne doivent jamais décroître",
    ),
    "non-increasing-values": (
        _in_block("LAB-02", "[[1, 40], [3, 70]", "[[1, 40], [1, 70]"),
        "(« LAB-02 »), champ « thresholds » : les valeurs doivent être strictement croissantes",
    ),
    "count-without-max": (
        _in_block("LAB-02", "max = 2000\n", ""),
        "(« LAB-02 »), champ « max » : ce champ est obligatoire",
    ),
    "count-max-zero": (
        _in_block("GOUV-01", "max = 200000", "max = 0"),
        "(« GOUV-01 »), champ « max » : la valeur 0 est inférieure au minimum 1",
    ),
    "count-max-below-last-threshold": (
        _in_block("LAB-02", "max = 2000", "max = 5"),
        "(« LAB-02 »), champ « max » : le maximum 5 est inférieur au dernier palier 6",
    ),
    "score-above-100": (
        _in_block("LAB-06", "[10, 100]", "[10, 120]"),
        "(« LAB-06 »), champ « points » : la valeur 120 dépasse le maximum 100",
    ),
    "percentage-above-100": (
        _in_block("LAB-06", "[10, 100]", "[110, 100]"),
        "(« LAB-06 »), champ « points » : les points vont de 0 % à au plus 100 %",
    ),
    "duplicate-option": (
        _in_block("LAB-04", '{ code = "recherche"', '{ code = "collectivites"'),
        "(« LAB-04 ») : le code d’option « collectivites » est en double",
    ),
    "unknown-kind": (
        _in_block("DATA-04", 'kinds = ["commune"]', 'kinds = ["mairie"]'),
        "(« DATA-04 ») › champ « applies_to », champ « kinds » : « mairie » n’est pas permis",
    ),
    "unknown-competence": (
        _in_block("AMEN-05", '"reseaux-communications-electroniques"', '"telecoms"'),
        "(« AMEN-05 ») › champ « applies_to », champ « competences » : « telecoms » n’est pas",
    ),
    "population-bounds": (
        _in_block("LAB-01", "{ population_min = 3500 }", "{ population_min = 3500, population_below = 2000 }"),  # noqa: E501
        "(« LAB-01 ») › champ « applies_to » : population_min doit être inférieur à population_below",  # noqa: E501
    ),
    "context-with-weight": (
        _in_block("GOUV-01", "context = true", "context = true\nweight = 1"),
        "(« GOUV-01 »), champ « weight » : une question de contexte n’est pas notée",
    ),
    "light-questionnaire-too-long": (
        re.sub(r"(\ntype = \"yes_no\"\n)(weight = \d\n)(?!light)", r"\1\2light = true\n", SOURCE),
        "le questionnaire allégé compte",
    ),
    "four-levels": (
        SOURCE.replace('[[levels]]\nlevel = 5\nname = "Exemplaire"\nmin_index = 80\n', "", 1).replace(  # noqa: E501
            'description = "La collectivité innove, mutualise et sert de référence à ses pairs."\n', "", 1  # noqa: E501
        ),
        "racine, champ « levels » : 5 niveaux de maturité sont attendus",
    ),
    "level-thresholds": (
        SOURCE.replace("level = 3\nname = \"Structuré\"\nmin_index = 40", "level = 3\nname = \"Structuré\"\nmin_index = 10"),  # noqa: E501
        "racine, champ « levels » : les seuils des niveaux doivent être strictement croissants",
    ),
    "completeness-threshold": (
        SOURCE.replace("completeness_threshold = 60", "completeness_threshold = 160"),
        "table [scoring], champ « completeness_threshold » : la valeur 160 dépasse le maximum 100",
    ),
    "missing-section": (
        SOURCE.replace("[scoring]\n", "[notation]\n"),
        "racine, champ « scoring » : ce champ est obligatoire",
    ),
    "obligation-unknown-indicator": (
        _in_block("donnees-ouvertes", 'indicator = "DATA-01"', 'indicator = "DATA-99"'),
        "obligation « donnees-ouvertes » › met_when n° 1, champ « indicator » : l’indicateur « DATA-99 » n’existe pas",  # noqa: E501
    ),
    "changelog-last-version": (
        SOURCE.replace('version = "2026.2"\npublished_on = 2026-12-01', 'version = "2026.3"\npublished_on = 2026-12-01'),  # noqa: E501
        "racine, champ « changelog » : la dernière version du journal des changements doit être la version 2026.2",  # noqa: E501
    ),
    "obligation-dates": (
        _in_block("commande-publique-dematerialisee-40000", "in_force_until = 2026-03-31", "in_force_from = 2026-05-01\nin_force_until = 2026-03-31"),  # noqa: E501
        "obligation « commande-publique-dematerialisee-40000 », champ « in_force_until » : la fin de vigueur précède l’entrée en vigueur",  # noqa: E501
    ),
    "obligation-scope-in-a-list": (
        _in_block("transmission-electronique-actes", '{ kinds = ["commune"], population_min', '{ kinds = ["mairie"], population_min'),  # noqa: E501
        "obligation « transmission-electronique-actes » › champ « applies_to » n° 2, champ « kinds » : « mairie » n’est pas permis",  # noqa: E501
    ),
    "edition-and-file-name": (
        SOURCE.replace("edition = 2026", "edition = 2027"),
        "table [framework], champ « edition » : l’édition 2027 doit être dans referentiel-2027.toml",  # noqa: E501
    ),
}  # fmt: skip


@pytest.mark.parametrize("fault", BROKEN_FILES)
def test_a_broken_file_is_refused_with_a_message_naming_place_and_field(fault):
    text, expected = BROKEN_FILES[fault]
    assert text != SOURCE
    with pytest.raises(FrameworkError) as error:
        parse_framework(text, FILE_NAME)
    message = str(error.value)
    assert message.startswith(f"{FILE_NAME}, ") or message.startswith(f"{FILE_NAME} : ")
    assert expected in message


def test_the_file_as_shipped_is_accepted():
    assert parse_framework(SOURCE, FILE_NAME) == get_framework(2026)
