"""The convention of an agreement as documents: a PDF to read and sign (fpdf2, with the
DejaVu font the observatory's fiche uses) and a Word document to edit (python-docx). Both
are written from the same sections of one stored version, so that they say the same thing.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from docx import Document
from fpdf import FPDF

from territoires.core.formats import number
from territoires.exchange.models import ConventionVersion
from territoires.observatory.dashboard.pdf import FONT, FONT_DIR

PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


def convention_title(version: ConventionVersion) -> str:
    return f"Convention « {version.agreement.offer.title} » — version {version.number}"


def convention_sections(version: ConventionVersion) -> list[Section]:
    """The articles of the convention, in French, from the version and its agreement."""
    agreement = version.agreement
    offer = agreement.offer
    provider = offer.provider
    beneficiaries = [b.organisation for b in agreement.beneficiaries.select_related("organisation")]
    months = version.duration_months
    return [
        Section(
            "Entre les parties",
            [f"{provider.name}, SIREN {provider.siren}, qui propose l’offre,"]
            + [f"{o.name}, SIREN {o.siren}, bénéficiaire," for o in beneficiaries]
            + ["ci-après « les parties »."],
        ),
        Section("Article 1 — Objet", [version.purpose]),
        Section(
            "Article 2 — Cadre juridique",
            [
                f"{offer.get_legal_vehicle_display()} : {offer.legal_reference}.",
                f"Modalité : {offer.get_modality_display().lower()}.",
            ],
        ),
        Section(
            "Article 3 — Durée",
            [f"{number(months)} mois à compter de la signature par la dernière des parties."],
        ),
        Section(
            "Article 4 — Répartition des coûts",
            [
                f"Modèle de coût de l’offre : {offer.get_cost_model_display().lower()}.",
                version.cost_key,
            ],
        ),
        Section(
            "Article 5 — Capacité",
            [
                f"L’offre accompagne au plus {number(offer.capacity)} bénéficiaire"
                f"{'s' if offer.capacity > 1 else ''} à la fois ; la présente convention en "
                f"concerne {number(len(beneficiaries))}."
            ],
        ),
        Section(
            "Signatures",
            [
                f"Projet de convention, version {version.number} du "
                f"{version.created_at:%d/%m/%Y}, établi sur {settings.SITE_NAME}.",
                "Pour chaque partie : nom, qualité, date et signature.",
            ],
        ),
    ]


def convention_pdf(version: ConventionVersion) -> bytes:
    document = FPDF(format="A4")
    document.set_margins(20, 20, 20)
    document.set_auto_page_break(auto=True, margin=20)
    document.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    document.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    # Uncompressed, as the observatory's fiche: the text can be checked as it is written.
    document.set_compression(False)
    document.set_title(convention_title(version))
    document.set_lang("fr")
    document.add_page()
    document.set_font(FONT, "B", 14)
    document.multi_cell(0, 7, convention_title(version), new_x="LMARGIN", new_y="NEXT", align="L")
    for section in convention_sections(version):
        document.ln(3)
        document.set_font(FONT, "B", 11)
        document.multi_cell(0, 6, section.heading, new_x="LMARGIN", new_y="NEXT", align="L")
        document.set_font(FONT, "", 10)
        for paragraph in section.paragraphs:
            document.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT", align="L")
    return bytes(document.output())


def convention_docx(version: ConventionVersion) -> bytes:
    document = Document()
    document.core_properties.title = convention_title(version)
    document.core_properties.language = "fr-FR"
    document.add_heading(convention_title(version), level=1)
    for section in convention_sections(version):
        document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def voice_docx(voice) -> bytes:
    """The network's voice (``selectors.Voice``) as a Word document to send, tables only."""
    document = Document()
    title = f"La voix du réseau : les besoins des collectivités en {voice.year}"
    document.core_properties.title = title
    document.core_properties.language = "fr-FR"
    document.add_heading(title, level=1)
    document.add_paragraph(
        f"Besoins exprimés sur la bourse d’échange de compétences de {settings.SITE_NAME}, "
        "publiés ou non, en nombre seulement. Un nombre inférieur à 5, ou qui permettrait d’en "
        "retrouver un par soustraction, n’est pas donné (« secret »)."
    )
    document.add_paragraph(f"Besoins exprimés en {voice.year} : {_shown(voice.total)}.")
    for heading, rows in (
        ("Par compétence", voice.by_skill),
        ("Par type et taille de collectivité", voice.by_kind),
        ("Par région", voice.by_region),
    ):
        document.add_heading(heading, level=2)
        _table(document, ["", "Besoins"], [[label, _shown(count)] for label, count in rows])
    document.add_heading("Évolution par année", level=2)
    _table(
        document,
        ["Compétence", *map(str, voice.years)],
        [[name, *map(_shown, counts)] for name, counts in voice.trend]
        + [["Toutes compétences", *map(_shown, voice.year_totals)]],
    )
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _shown(count: int | None) -> str:
    return "secret" if count is None else number(count)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
