"""The attestation de présence of a trainee, as a PDF written with fpdf2 (one A4 page).

What a training body must give each trainee present: who, which training, its dates and
duration, where, and the half-days signed on the attendance sheet.
"""

from django.utils import timezone

from territoires.events.models import Registration
from territoires.observatory.dashboard.pdf import BLUE_FRANCE, FONT, _document, _identity, _line


def certificate_pdf(registration: Registration) -> bytes:
    event = registration.event
    document = _document()
    document.add_page()
    _identity(document, "Agenda du réseau : formations")
    document.set_text_color(*BLUE_FRANCE)
    _line(document, "Attestation de présence", size=16, bold=True)
    document.ln(4)
    document.set_text_color(22, 22, 22)
    person = registration.user.get_full_name() or registration.user.email
    if registration.organisation:
        person += f" ({registration.organisation.name})"
    _line(document, f"{event.organisation.name}, organisme organisateur, atteste que", size=11)
    _line(document, person, size=11)
    _line(document, f"a suivi la formation « {event.title} ».", size=11)
    document.ln(3)
    hours = (
        sum(
            (session.ends_at - session.starts_at).total_seconds()
            for session in event.sessions.all()
        )
        / 3600
    )
    _line(document, "Dates", bold=True, size=11)
    for row in event.wall_times():
        _line(
            document,
            f"Le {row['start']:%d/%m/%Y}, de {row['start']:%H:%M} à {row['end']:%H:%M}",
            size=10,
        )
    _line(document, f"Durée totale : {hours:.1f} heures".replace(".", ","), size=10)
    if event.commune_id:
        _line(document, f"Lieu : {event.venue}, {event.address}, {event.commune.name}", size=10)
    else:
        _line(document, "Formation suivie en ligne", size=10)
    signatures = registration.signatures.all()
    if signatures:
        document.ln(2)
        _line(document, "Demi-journées émargées", bold=True, size=11)
        for signature in signatures:
            _line(
                document,
                f"{signature.day:%d/%m/%Y}, {signature.get_half_day_display().lower()}",
                size=10,
            )
    document.ln(6)
    _line(document, f"Fait le {timezone.localdate():%d/%m/%Y}.", size=10)
    document.set_font(FONT, "", 8)
    return bytes(document.output())
