"""The pages of the frame: home, footer pages, robots.txt, security.txt, error pages, the
health check."""

import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from territoires.core.health import NOT_CONFIGURED, OK, health_report
from territoires.core.opendata import LICENCE_NAME, LICENCE_URL, catalogue, catalogue_datasets
from territoires.core.panels import registry

# The four pillars of the platform, in the words of the network. A module that serves one
# registers a panel in the slot « core.pillar » with its figures and ways in; a pillar that no
# module serves yet is said to be coming.
PILLARS = [
    {
        "key": "mesurer",
        "title": "Mesurer",
        "description": "L’Observatoire de la maturité numérique : chaque collectivité s’évalue "
        "chaque année et se compare à des territoires semblables.",
    },
    {
        "key": "mutualiser",
        "title": "Mutualiser",
        "description": "La bourse d’échange de compétences et le catalogue des communs : "
        "les grands territoires partagent leurs savoir-faire avec les plus petits.",
    },
    {
        "key": "reconnaitre",
        "title": "Reconnaître",
        "description": "Les Labels Territoires Innovants : un prix national, des étapes "
        "régionales, un jury de pairs et d’experts.",
    },
    {
        "key": "se_rencontrer",
        "title": "Se rencontrer",
        "description": "L’agenda du réseau : étapes de l’IntercoTOUR, Forum, formations "
        "et conférences, avec inscription.",
    },
]

STATIC_PAGES = {
    "contact": "Contact",
    "accessibilite": "Déclaration d’accessibilité",
    "mentions_legales": "Mentions légales",
    "donnees_personnelles": "Données personnelles",
    "plan_du_site": "Plan du site",
}


def home(request):
    # What other modules show on the home page comes from their panels (slot « core.home »).
    return render(request, "core/home.html", {"pillars": PILLARS})


def site_plan(request):
    """« Plan du site »: every module's pages, as their entries of the main menu give them."""
    modules = [context for _, context in registry.contexts("core.menu", request)]
    return render(
        request,
        "core/plan_du_site.html",
        {"breadcrumb": {"current": STATIC_PAGES["plan_du_site"]}, "modules": modules},
    )


def static_page(request, page: str):
    responsible = {
        "director": settings.PUBLICATION_DIRECTOR,
        "host": settings.HOSTING_PROVIDER,
        "dpo_email": settings.DPO_EMAIL,
        # How long the agenda keeps registrants' names after an event (its anonymisation job).
        "registration_months": settings.EVENTS_ANONYMISE_AFTER_MONTHS,
    }
    return render(
        request,
        f"core/{page}.html",
        {"breadcrumb": {"current": STATIC_PAGES[page]}, "responsible": responsible},
    )


# Private spaces: nothing a search engine should index (they ask to sign in anyway).
ROBOTS_DISALLOWED = [
    "/compte/",
    "/organisations/",
    "/equipe/",
    "/observatoire/mon-evaluation/",
    "/observatoire/evaluations/",
    "/observatoire/equipe/",
]


def opendata(request):
    """Every open data file of the site, module by module, as its DCAT catalogue lists them."""
    datasets = [
        {
            "title": dataset["dct:title"],
            "description": dataset["dct:description"],
            "schema_url": dataset["dct:conformsTo"]["@id"],
            "downloads": [
                (distribution["dct:format"], distribution["dcat:downloadURL"]["@id"])
                for distribution in dataset["dcat:distribution"]
            ],
        }
        for dataset in catalogue_datasets(request.build_absolute_uri)
    ]
    return render(
        request,
        "core/opendata.html",
        {
            "datasets": datasets,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "breadcrumb": {"current": "Données ouvertes"},
        },
    )


def opendata_catalogue(request):
    """The site's DCAT catalogue (JSON-LD) of every open data file, for harvesters."""
    return JsonResponse(
        catalogue(
            request.build_absolute_uri,
            catalogue_path=reverse("core:opendata_catalogue"),
            homepage_path=reverse("core:opendata"),
        ),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# RFC 9116 asks for an expiry under a year ahead; the file is written at each request from the
# settings, so it is never older than the contact it gives.
SECURITY_TXT_VALIDITY = datetime.timedelta(days=180)


@require_GET
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell about a vulnerability."""
    expires = (timezone.now() + SECURITY_TXT_VALIDITY).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.CONTACT_EMAIL}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: fr",
        f"Canonical: {request.build_absolute_uri(reverse('core:security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: the DSFR's icon."""
    return redirect(static("dsfr/dist/favicon/favicon.ico"), permanent=True)


def permission_denied(request, exception):
    # The French reason given to PermissionDenied, if any ("Page réservée à l’équipe du réseau.").
    reason = str(exception) if exception is not None else ""
    return render(request, "core/403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open too long, or a session that ended.

    ``reason`` is Django's English diagnosis: it is not shown.
    """
    return render(request, "core/403_csrf.html", status=403)


def page_not_found(request, exception):
    return render(request, "core/404.html", status=404)


def server_error(request):
    """The 500 page, rendered without the request: whatever failed (the session store, the
    database) must not fail the error page too."""
    return HttpResponse(loader.render_to_string("core/500.html"), status=500)


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when every configured component answers, else 503."""
    components = health_report()
    healthy = all(state in (OK, NOT_CONFIGURED) for state in components.values())
    return JsonResponse(
        {"statut": "ok" if healthy else "en panne", "composants": components},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
