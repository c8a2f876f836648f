"""The taxonomy of skills and the neighbouring régions: versioned data files, validated."""

import pytest

from territoires.exchange.taxonomy import (
    REGIONS_FILE,
    TaxonomyError,
    get_taxonomy,
    observatory_axis_codes,
    parse_neighbours,
    parse_taxonomy,
)

AXES = frozenset({"RGPD", "GOUV", "CYBR"})


def skills_toml(count: int, axes='["RGPD"]', code_of=lambda n: f"competence-{n}") -> str:
    header = '[taxonomy]\nversion = "2026.1"\ntitle = "Essai"\n'
    return header + "".join(
        f'[[skills]]\ncode = "{code_of(n)}"\nname = "Nom {n}"\ndescription = "D {n}"\n'
        f"axes = {axes}\n"
        for n in range(count)
    )


def test_the_taxonomy_of_the_repository_has_at_least_15_skills_on_known_axes():
    taxonomy = get_taxonomy()
    assert len(taxonomy.skills) >= 15
    assert taxonomy.version == "2026.1"
    framework_axes = {
        "LAB", "EADM", "DATA", "AMEN", "TINT", "USAG", "INCL", "ENTR", "FILI", "NRES",
        "CYBR", "RGPD", "ARCH", "ACHT", "GOUV",
    }  # fmt: skip
    assert observatory_axis_codes() == framework_axes
    assert {axis for skill in taxonomy.skills for axis in skill.axes} == framework_axes
    assert taxonomy.by_code["dpo-mutualise"].axes == ("RGPD", "GOUV")
    assert [skill.code for skill in taxonomy.for_axis("ARCH")] == ["archivage"]


def test_related_skills_share_an_axis():
    related = get_taxonomy().related("dpo-mutualise")  # RGPD, GOUV
    assert "cybersecurite" in related  # GOUV
    assert "dpo-mutualise" in related
    assert "sig" not in related  # DATA, AMEN, TINT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (skills_toml(14), "au moins 15 compétences sont attendues (14)"),
        (
            skills_toml(15, axes='["XYZ"]'),
            "compétence « competence-0 » : axe inconnu de l’Observatoire : XYZ.",
        ),
        (
            skills_toml(15, axes="[]"),
            "compétence « competence-0 » : le champ « axes » est obligatoire.",
        ),
        (
            skills_toml(15, code_of=lambda n: "meme"),
            "compétence « meme » : ce code figure deux fois.",
        ),
        (
            skills_toml(15, code_of=lambda n: f"Majuscule{n}"),
            "le code ne doit contenir que des minuscules",
        ),
        (
            skills_toml(15).replace('version = "2026.1"\n', ""),
            "[taxonomy] : le champ « version » est obligatoire.",
        ),
        ("[taxonomy", "fichier TOML illisible"),
    ],
)
def test_a_broken_taxonomy_is_refused_with_a_french_message_naming_the_place(text, message):
    with pytest.raises(TaxonomyError) as error:
        parse_taxonomy(text, "competences-essai.toml", AXES)
    assert message in str(error.value)
    assert str(error.value).startswith("competences-essai.toml")


def test_neighbouring_regions_are_symmetric_and_known_facts():
    neighbours = parse_neighbours(REGIONS_FILE.read_text(encoding="utf-8"), REGIONS_FILE.name)
    for region, others in neighbours.items():
        for other in others:
            assert region in neighbours[other]
    assert neighbours["53"] == {"28", "52"}  # Bretagne: Normandie, Pays de la Loire
    assert neighbours["94"] == frozenset()  # Corse, an island
    assert neighbours["27"] == {"11", "24", "44", "84"}


@pytest.mark.parametrize("pair", ['["11", "99"]', '["11", "11"]', '["11"]'])
def test_a_border_with_an_unknown_or_repeated_region_is_refused(pair):
    with pytest.raises(TaxonomyError, match="frontière invalide"):
        parse_neighbours(f"borders = [{pair}]", "regions.toml")
