"""Roll-ups on the dashboards of an EPCI and a département, the PDF, the territory pages."""

import re
import zlib

import pytest
from django.conf import settings

from tests.observatory.conftest import visible_text
from tests.observatory.dashboard.conftest import set_scores
from tests.observatory.dashboard.test_dashboard import url

pytestmark = pytest.mark.django_db


def test_an_epci_rolls_up_its_communes_published_scores(client, dash):
    set_scores(dash)
    response = client.get(url(dash["epci"]))
    assert response.status_code == 200
    text = visible_text(response)
    # 3 communes of the référentiel and the 9 villages; 8 villages published.
    assert (
        "Participation : 8 communes sur 12 ont publié leurs résultats de la campagne 2026, "
        "soit 67 %" in text
    )
    # Levels 1, 2, 2, 2, 3, 2, 2, 2 (the draft's 5 does not count): the five private villages
    # all at level 2, which the distribution would say of each of them.
    assert "Répartition par niveau indisponible : le secret statistique" in text
    assert "Premiers pas" not in text
    # Indices 10, 20, 20, 30, 30, 40, 40, 50: quartiles 20 and 40 (positions 1.75 and
    # 5.25 of 0..7), median 30.
    assert "Indice de maturité 20,0 30,0 40,0 8" in text
    assert "CC Amognes Cœur du Nivernais n’a pas publié ses propres résultats" in text


def test_a_departement_rolls_up_communes_and_epci_with_the_threshold(client, dash):
    set_scores(dash)
    text = visible_text(client.get(url(dash["departement"])))
    # Communes of the Nièvre: 5 of the référentiel, the 9 villages and the 4 bourgs;
    # the 8 published villages, Nevers and the 4 bourgs (private, but counted in
    # aggregates): 10, 20, 20, 30, 30, 40, 40, 50, 60, 70, 80, 85, 95.
    assert "Participation : 13 communes sur 18" in text
    assert "Indice de maturité 30,0 40,0 70,0 13" in text
    # Levels: village 0 at 1, village 1 and the five private villages at 2, village 4 at 3,
    # Nevers and the bourgs at 4: five private at level 2 and five at level 4.
    assert (
        "1. Premiers pas 1 2. En progression 6 3. Structuré 1 4. Avancé 5 5. Exemplaire 0" in text
    )
    # Its 2 EPCI have no assessment.
    # « 0 EPCI » would not be French: « aucun EPCI ».
    assert (
        "Participation : aucun EPCI à fiscalité propre sur 2 n’a publié ses résultats de la "
        "campagne 2026, soit 0 %." in text
    )
    assert "moins de 5 EPCI à fiscalité propre ont publié" in text


def test_roll_ups_never_show_a_private_score_or_name(client, dash):
    set_scores(dash)
    for territory in (dash["epci"], dash["departement"]):
        text = visible_text(client.get(url(territory)))
        for private in ("Nevers", "Village-2", "Village-3", "Village-5"):
            assert private not in text


def test_roll_ups_under_five_published_members_are_not_shown(client, dash):
    for number in (0, 1, 4, 6):
        dash["assessments"][number].delete()
    text = visible_text(client.get(url(dash["epci"])))
    assert "Participation : 4 communes sur 12" in text
    assert "Répartition indisponible : le secret statistique ne permet pas de la publier" in text
    assert "moins de 5 communes ont publié leurs résultats" in text
    assert "Premiers pas" not in text


ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: bytes([int(m[1], 8)]) if m[1].isdigit() else ESCAPES.get(m[1], m[1]),
        literal,
        flags=re.S,
    )


def pdf_text(content: bytes) -> str:
    """The text of an fpdf2 PDF: the strings shown (``Tj``), decoded with the ToUnicode map of
    the font selected (``Tf``) at that point."""
    objects = {
        int(number): body for number, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", content, re.S)
    }

    def stream(body: bytes) -> bytes:
        data = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)[1]
        return zlib.decompress(data) if b"FlateDecode" in body else data

    def to_unicode(font_number: int) -> dict[int, str]:
        cmap = objects[int(re.search(rb"/ToUnicode (\d+) 0 R", objects[font_number])[1])]
        return {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for code, text in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]{4,})>", stream(cmap))
        }

    fonts = {
        name.decode(): to_unicode(int(number))
        for body in objects.values()
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body)
    }
    words, font = [], {}
    for body in objects.values():
        if b"stream" not in body or b"Tj" not in stream(body):
            continue
        operations = rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj"
        for name, literal in re.findall(operations, stream(body), re.S):
            if name:
                font = fonts[name.decode()]
                continue
            raw = _unescape(literal)
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            words.append("".join(font.get(code, "") for code in codes))
    return re.sub(r"\s+", " ", " ".join(words))


def test_the_pdf_summary_of_a_member(client, dash):
    client.force_login(dash["member"])
    response = client.get(url(dash["nevers"], "fiche-de-synthese.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fiche-synthese-58194-2026.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-1.")
    assert response.content.rstrip().endswith(b"%%EOF")
    text = pdf_text(response.content)
    assert "Fiche de synthèse : Nevers" in text
    assert "Campagne : Observatoire 2026 (publiée)" in text
    assert "Indice de maturité : 100,0 sur 100 — niveau 5 « Exemplaire »" in text
    assert "Complétude : 100 %" in text
    assert "Cybersécurité" in text
    assert "Médiane des pairs" in text
    assert "Obligations légales" in text
    assert "Édité le" in text
    assert "/observatoire/collectivites/communes/58194/?campagne=2026" in text


def test_the_public_pdf_gives_scores_with_the_peer_median_but_no_answers(client, dash):
    response = client.get(url(dash["villages"][4], "fiche-de-synthese.pdf"))
    text = pdf_text(response.content)
    assert "Fiche de synthèse : Village-4" in text
    assert "Indice de maturité : 0,0 sur 100 — niveau 1 « Premiers pas »" in text
    # E-administration: the stratum's published scores 100, 100, 100, 0, 0.
    assert "E-administration 0,0 100,0" in text
    assert "Obligations légales" not in text
    assert "Ce qui ferait progresser" not in text


def test_the_printable_summary(client, dash):
    text = visible_text(client.get(url(dash["villages"][1], "synthese/")))
    assert "Fiche de synthèse : Village-1" in text
    assert "Indice de maturité : 100,0 sur 100 — niveau 5 « Exemplaire »" in text
    assert "Télécharger en PDF" in text


@pytest.mark.parametrize(
    ("who", "number", "linked"),
    [(None, 0, True), (None, 2, False), (None, "nevers", False), ("member", "nevers", True)],
)
def test_territory_pages_link_to_a_dashboard_their_visitor_may_see(
    client, dash, who, number, linked
):
    territory = dash["nevers"] if number == "nevers" else dash["villages"][number]
    if who:
        client.force_login(dash[who])
    text = visible_text(client.get(territory.get_absolute_url()))
    assert ("Tableau de bord de l’Observatoire" in text) is linked


def filled_rectangles(content: bytes) -> list[float]:
    """The widths of the rectangles filled on the PDF's pages (``re f``)."""
    return [
        float(width)
        for body in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
        for width in re.findall(rb"[\d.-]+ [\d.-]+ ([\d.-]+) [\d.-]+ re f", body)
    ]


def test_the_pdf_summary_has_the_platform_identity_and_the_axis_chart(client, dash):
    client.force_login(dash["member"])
    response = client.get(url(dash["nevers"], "fiche-de-synthese.pdf"))
    text = pdf_text(response.content)
    rectangles = filled_rectangles(response.content)

    assert text.startswith(
        f"RÉPUBLIQUE FRANÇAISE {settings.SITE_NAME} "
        "Observatoire de la maturité numérique des territoires Fiche de synthèse : Nevers"
    )
    # Per axis, a grey track of 56 mm (158.74 pt), and on it, for an axis scored (each 100 for
    # Nevers), a bar as long; none for an axis « non calculé ».
    table = text.split("Axe Score Médiane des pairs")[1].split("Pairs :")[0]
    scored, not_scored = table.count(" 100,0 — "), table.count("non calculé")
    assert scored >= 10
    assert rectangles.count(158.74) == 2 * scored + not_scored
