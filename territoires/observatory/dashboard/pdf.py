"""The fiche de synthèse as a PDF, written on the server with fpdf2 (pure Python).

The font is DejaVu Sans from the npm package ``dejavu-fonts-ttf`` (installed by
``npm ci``), embedded so that every French character prints. One A4 page, in
the order of the printable summary: who, which campaign, index, level and
completeness, the axes beside the peers' median (a table and, beside it, their bar chart:
the bar of each axis and the tick of the peers' median), what would raise the level, the
obligations, the date and the link to the dashboard. It opens with the platform's identity,
as the printed page does: « République française », the site's name and the observatory's.
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
LIGHT_GREY = (229, 229, 229)
TABLE_WIDTH = 100  # mm; the chart takes the rest of the line
CHART_X = 122  # mm
CHART_WIDTH = 56  # mm for a score of 100; its value is written after the bar
CHART_ROW = 6  # mm

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


def _identity(
    document: FPDF, subtitle: str = "Observatoire de la maturité numérique des territoires"
) -> None:
    """The platform's identity at the top of the page, under the « République française »,
    with the module's name (``subtitle``)."""
    document.set_text_color(22, 22, 22)
    _line(document, "RÉPUBLIQUE\nFRANÇAISE", size=9, bold=True)
    document.ln(1)
    document.set_text_color(*BLUE_FRANCE)
    _line(document, settings.SITE_NAME, size=11, bold=True)
    document.set_text_color(*GREY)
    _line(document, subtitle, size=8)
    document.set_draw_color(*BLUE_FRANCE)
    document.set_line_width(0.6)
    document.line(
        document.l_margin, document.get_y() + 1, 210 - document.r_margin, document.get_y() + 1
    )
    document.ln(4)


def _axis_chart(document: FPDF, rows, top: float) -> float:
    """The bar chart of the axes beside their table, from ``top``; returns where it ends."""
    y = top
    document.set_line_width(0.5)
    for name, value, median in rows:
        document.set_font(FONT, "", 6)
        document.set_text_color(*GREY)
        document.set_xy(CHART_X, y)
        document.cell(CHART_WIDTH + 14, 2.5, name)
        bar_y = y + 2.6
        document.set_fill_color(*LIGHT_GREY)
        document.rect(CHART_X, bar_y, CHART_WIDTH, 2.4, style="F")
        if value is not None:
            document.set_fill_color(*BLUE_FRANCE)
            document.rect(CHART_X, bar_y, CHART_WIDTH * min(value, 100) / 100, 2.4, style="F")
        if median is not None:
            document.set_draw_color(22, 22, 22)
            median_x = CHART_X + CHART_WIDTH * min(median, 100) / 100
            document.line(median_x, bar_y - 0.6, median_x, bar_y + 3.0)
        document.set_xy(CHART_X + CHART_WIDTH + 1, bar_y - 0.3)
        document.cell(13, 3, rounded(value))
        y += CHART_ROW
    document.set_xy(CHART_X, y)
    document.set_font(FONT, "", 6)
    document.multi_cell(
        CHART_WIDTH + 14,
        2.5,
        "Barre bleue : score de l’axe sur 100. Trait noir : médiane des pairs.",
    )
    return document.get_y()


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
    _identity(document)
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
    top = document.get_y()
    chart_bottom = _axis_chart(document, summary["axis_rows"], top)
    document.set_xy(document.l_margin, top)
    with document.table(
        width=TABLE_WIDTH,
        align="LEFT",
        col_widths=(56, 18, 26),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
    ) as table:
        table.row(("Axe", "Score", "Médiane des pairs"))
        for name, value, median in summary["axis_rows"]:
            table.row((name, rounded(value), "—" if median is None else rounded(median)))
    document.set_y(max(document.get_y(), chart_bottom))
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
