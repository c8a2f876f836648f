"""Settings of Territoires numériques, read from the environment.

Out of the box (``make run``) the site runs with ``DEBUG=1`` on a SQLite file in
the project. In production, set ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``DATABASE_URL``; ``DEBUG`` is off by default and the security settings then
pass ``manage.py check --deploy``.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "La variable d'environnement SECRET_KEY est obligatoire lorsque DEBUG est désactivé."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_htmx",
    "csp",
    "ninja",
    "widget_tweaks",
    "dsfr",
    "huey.contrib.djhuey",
    "territoires.core",
    "territoires.accounts",
    "territoires.geo",
    "territoires.observatory",
    "territoires.exchange",
    "territoires.commons",
    "territoires.events",
    "territoires.debates",
    "territoires.awards",
    "territoires.api",  # its templates: the documentation page
]

MIDDLEWARE = [
    # First: it gives the request its id and times all the others.
    "territoires.core.middleware.RequestLogMiddleware",
    # Then nothing reads a cookie or answers a TRACE before them.
    "territoires.core.middleware.RejectTraceMiddleware",
    "territoires.core.middleware.DropInvalidCookiesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "territoires.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "territoires.api.errors.JsonErrorsMiddleware",
    "territoires.core.pagecache.PublicPageCacheMiddleware",
    # Last: its French error page needs the user and the messages of the frame.
    "territoires.core.middleware.RejectNulCharacterMiddleware",
]

if not DEBUG:
    # Static files are served by WhiteNoise from STATIC_ROOT (collectstatic) in production.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "territoires.core.context_processors.site",
                "territoires.accounts.context_processors.account_menu",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "territoires.core.staticfiles.NpmFileFinder",
]
# Front-end files from npm packages (installed by `npm ci`), by static path.
NPM_STATIC_FILES = {
    "vendor/htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    # The official ProConnect button, as the DSFR's React library ships it.
    "vendor/react-dsfr/proconnect-btn.css": "@codegouvfr/react-dsfr/assets/proconnect-btn.css",
}
# Files the site writes (the open data files, computed by a job) and receives (the labels'
# attachments), through the default storage: shared by every machine of a deployment
# (docs/deploiement.md); object storage may replace the file system without a change to the code.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "territoires.core.storage.StaticFilesStorage"
    },
}

# Files sent by users (context documents of debates), written through the default storage
# and served by the pages that check who may read them: never under a public URL.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Anonymous public pages served from the cache until the results or the référentiel change
# (territoires/core/pagecache.py); anything else they show lives at most this long.
PUBLIC_PAGE_CACHE_VIEWS = {
    "core:home",
    "geo:index",
    "geo:search",
    "geo:territory",
    "observatory_public:landing",
    "observatory_public:national",
    "observatory:dashboard",
    "api-v1:territory_list",
    "api-v1:territory_detail",
    "api-v1:observatory_campaigns",
    "api-v1:observatory_scores",
    "api-v1:observatory_territory_scores",
    "api-v1:observatory_aggregates",
}
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
# At most this many pages stored per PUBLIC_PAGE_CACHE_SECONDS (so at most twice as many live):
# addresses with made-up query strings cannot fill the shared cache.
PUBLIC_PAGE_CACHE_MAX_PAGES = int(os.environ.get("PUBLIC_PAGE_CACHE_MAX_PAGES", "5000"))

# Background jobs (territoires/core/jobs.py, ADR 0010): huey, on Redis when REDIS_URL is set,
# else on a SQLite file beside the database, which needs no server. Workers run
# `manage.py run_huey`; exactly one of them runs the scheduler, the others take --no-periodic.
HUEY = {
    "name": os.environ.get("HUEY_NAME", "territoires"),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL}
    if REDIS_URL
    else {"filename": os.environ.get("HUEY_FILE", str(BASE_DIR / "jobs.sqlite3"))},
    # Jobs run in the calling process, at once (the tests); never in production.
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {
        "workers": int(os.environ.get("HUEY_WORKERS", "2")),
        "worker_type": "thread",
        "check_worker_health": True,
    },
}

# Security: strict by default, relaxed only for local development.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A French page, in the site's frame, instead of Django's English one.
CSRF_FAILURE_VIEW = "territoires.core.views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers check the health of each instance over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
# Only behind a proxy that sets X-Forwarded-Proto itself: otherwise any client could say
# its plain HTTP request came over HTTPS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", False) else None
)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): nothing inline, nothing from another site. Pages carry
# no inline script, style or event handler at all (not even with a nonce): the anonymous
# public pages are served from a shared cache, where a nonce would be replayed. The widget and
# badge relax frame-ancestors themselves (observatory/public/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The DSFR's script sets style attributes as its components open and close (the
        # height of a collapsing menu): style attributes only, never a <style> element, and
        # none written by our templates (the browser tests fail on any other violation).
        "style-src-attr": [UNSAFE_INLINE],
        # The DSFR's style sheets draw some icons as data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the site never uses, refused to it and to anything it might frame.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Logs on the standard error: one JSON object per line in production (LOG_FORMAT=json), readable
# text in development (LOG_FORMAT=text); every record carries the request id
# (territoires/core/logs.py), one line per request from territoires.requests.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT vaut « json » ou « text ».")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "territoires.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "territoires.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s : %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The job workers' own lines through the same handler, once: `run_huey` adds a handler of
    # its own only to a "huey" logger that has none, which wrote every line twice.
    "loggers": {
        "huey": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

# Error reporting to Sentry (or a compatible service), only when SENTRY_DSN is set; no personal
# data is sent (no user, no cookie, no request body).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# The territorial référentiel: data files of the npm package
# @etalab/decoupage-administratif, installed by `npm ci`.
REFERENTIEL_DATA_DIR = Path(
    os.environ.get(
        "REFERENTIEL_DATA_DIR",
        BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data",
    )
)

# Observatory: peer statistics are never shown for a smaller group of published assessments.
OBSERVATORY_PEER_MIN_GROUP = int(os.environ.get("OBSERVATORY_PEER_MIN_GROUP", "5"))

# Who answers for the site: shown on the contact page, the legal notice, the accessibility
# statement and the personal data page.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@territoires.invalid")
PUBLICATION_DIRECTOR = os.environ.get(
    "PUBLICATION_DIRECTOR",
    "la présidence du réseau de la transformation numérique des collectivités territoriales",
)
# The host (LCEN, art. 6): name, address and telephone, in one line.
HOSTING_PROVIDER = os.environ.get("HOSTING_PROVIDER", "")
DPO_EMAIL = os.environ.get("DPO_EMAIL", CONTACT_EMAIL)

SITE_NAME = "Territoires numériques"
SITE_TAGLINE = "La transformation numérique des collectivités, mesurée, partagée et reconnue"

# Sign-in with ProConnect (agents) and FranceConnect (citizens), OpenID Connect.
# A provider is on when its client id is set: OIDC_<NAME>_CLIENT_ID, _CLIENT_SECRET, _ISSUER or
# _DISCOVERY_URL, and optionally _SCOPES, _SIGNING_ALGORITHM (ES256, RS256, HS256),
# _USERINFO_SIGNING_ALGORITHM ("none" for plain JSON) and _ACR_VALUES. Empty values take the
# provider's defaults (territoires/accounts/oidc/config.py).
OIDC_PROVIDERS = {
    name: {
        setting: os.environ.get(f"OIDC_{name.upper()}_{setting.upper()}")
        for setting in (
            "issuer",
            "discovery_url",
            "client_id",
            "client_secret",
            "scopes",
            "signing_algorithm",
            "userinfo_signing_algorithm",
            "acr_values",
        )
    }
    for name in ("proconnect", "franceconnect")
    if os.environ.get(f"OIDC_{name.upper()}_CLIENT_ID")
}
OIDC_STATE_TTL = int(os.environ.get("OIDC_STATE_TTL", "600"))
OIDC_HTTP_TIMEOUT = float(os.environ.get("OIDC_HTTP_TIMEOUT", "10"))
OIDC_JWKS_REFETCH_COOLDOWN = int(os.environ.get("OIDC_JWKS_REFETCH_COOLDOWN", "300"))
# Requests per client IP and window, by scope of core.ratelimit: "count/seconds".
# Labels Territoires Innovants: attachments of an application (PDF and images).
AWARDS_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("AWARDS_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
)
AWARDS_ATTACHMENTS_PER_APPLICATION = 10
RATE_LIMITS = {
    "sign-in": os.environ.get("SIGN_IN_RATE_LIMIT", "30/300"),
    # Messages sent through the catalogue of communs, per client.
    "commons-contact": os.environ.get("COMMONS_CONTACT_RATE_LIMIT", "10/3600"),
    # Contributions, supports and reports to debates, per client IP.
    "debates": os.environ.get("DEBATES_RATE_LIMIT", "60/300"),
}
LOGIN_URL = "accounts:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
# Absolute address of the site, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@territoires.invalid")
# The SMTP server (territoires/core/mail.py), which a job talks to, never a request.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
# A waiting e-mail whose try is this late lost its job (a worker killed): the periodic sweep
# enqueues it again (territoires/core/tasks.py).
EMAIL_LOST_AFTER_SECONDS = int(os.environ.get("EMAIL_LOST_AFTER_SECONDS", "120"))
# An invitation to join an organisation is accepted at sign-in for this many days after it
# was (last) sent.
INVITATION_VALIDITY_DAYS = int(os.environ.get("INVITATION_VALIDITY_DAYS", "30"))

# The agenda: registrants' personal data is anonymised this many months after the event ends
# (the personal data page says so).
EVENTS_ANONYMISE_AFTER_MONTHS = int(os.environ.get("EVENTS_ANONYMISE_AFTER_MONTHS", "12"))
