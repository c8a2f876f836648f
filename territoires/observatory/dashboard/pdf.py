"""The fiche de synthèse as a PDF, written on the server with fpdf2 (pure Python).

The font is DejaVu Sans from the npm package ``dejavu-fonts-ttf`` (installed by
``npm ci``), embedded so that every French character prints. One A4 page, in
the order of the printable summary: who, which campaign, index, level and
completeness, the axes beside the peers' median, what would raise the level,
the obligations, the date and the link to the dashboard.
"""

import logging

from django.conf import settings
from fpdf import FPDF
from fpdf.fonts import FontFace

from territoires.core.formats import rounded

FONT_DIR = settings.BASE_DIR / "node_modules" / "dejavu-fonts-ttf" / "ttf"
FONT = "DejaVuSans"
BLUE_FRANCE = (0, 0, 145)
GREY = (58, 58, 58)

# fontTools logs every step of the font subsetting at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _document() -> FPDF:
    document = FPDF(format="A4")
    document.set_auto_page_break(auto=True, margin=15)
    document.set_margins(15, 15, 15)
    document.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    document.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    # Uncompressed: a few kilobytes more, and the text can be checked as it is written.
    document.set_compression(False)
    return document


def _heading(document: FPDF, text: str) -> None:
    document.ln(3)
    document.set_font(FONT, "B", 12)
    document.set_text_color(*BLUE_FRANCE)
    document.cell(text=text, new_x="LMARGIN", new_y="NEXT")
    document.set_text_color(*GREY)
    document.set_font(FONT, "", 9)
    document.ln(1)


def _line(document: FPDF, text: str, *, size: int = 9, bold: bool = False) -> None:
    document.set_font(FONT, "B" if bold else "", size)
    document.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def summary_pdf(summary: dict) -> bytes:
    """The PDF of a summary (``views.summary_context``)."""
    territory, campaign, score, level = (
        summary["territory"],
        summary["campaign"],
        summary["score"],
        summary["level"],
    )
    document = _document()
    document.set_title(f"Fiche de synthèse — {territory.name} — {campaign.title}")
    document.set_author(settings.SITE_NAME)
    document.add_page()
    document.set_text_color(*GREY)
    _line(document, f"{settings.SITE_NAME} — Observatoire de la maturité numérique", size=8)
    document.set_text_color(*BLUE_FRANCE)
    _line(document, f"Fiche de synthèse : {territory.name}", size=16, bold=True)
    document.set_text_color(*GREY)
    _line(document, f"{territory.kind_label} — code {territory.code}")
    campaign_text = f"Campagne : {campaign.title} ({campaign.get_status_display().lower()})"
    _line(document, campaign_text)
    if campaign.demo_label:
        _line(document, f"{campaign.demo_label} : ces résultats sont synthétiques.", bold=True)

    _heading(document, "Résultats")
    if score.index is not None:
        _line(
            document,
            f"Indice de maturité : {rounded(score.index)} sur 100 — "
            f"niveau {level.level} « {level.name} »",
            size=11,
            bold=True,
        )
    else:
        _line(document, "Indice de maturité : non calculé (complétude insuffisante)", bold=True)
    _line(document, f"Complétude : {rounded(score.completeness, ' %')}")

    _heading(document, "Scores par axe")
    with document.table(
        col_widths=(100, 35, 45),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
    ) as table:
        table.row(("Axe", "Score", "Médiane des pairs"))
        for name, value, median in summary["axis_rows"]:
            table.row((name, rounded(value), "—" if median is None else rounded(median)))
    _line(document, f"Pairs : {summary['peers_label']} (évaluations publiées).", size=7)

    if summary["answers_visible"]:
        _heading(document, "Ce qui ferait progresser")
        improvements = summary["improvements"]
        if not improvements:
            _line(document, "Aucune réponse ne ferait à elle seule progresser l’indice.")
        for item in improvements:
            _line(
                document,
                f"• {item.indicator.code} — {item.indicator.question} "
                f"(+{rounded(item.gain)} points)",
            )
        _heading(document, "Obligations légales")
        if not summary["obligations"]:
            _line(document, "Aucune obligation du référentiel ne s’applique.")
        for check in summary["obligations"]:
            _line(document, f"• {check.status.label} : {check.obligation.title}")

    document.ln(4)
    _line(document, f"Édité le {summary['today']:%d/%m/%Y}", size=8)
    _line(document, f"Tableau de bord : {summary['link']}", size=8)
    return bytes(document.output())
