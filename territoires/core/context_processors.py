from django.conf import settings


def site(request):
    """Site-wide values for the page frame (header, footer, title, contact)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "contact_email": settings.CONTACT_EMAIL,
    }
