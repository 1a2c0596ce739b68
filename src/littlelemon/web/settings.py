"""Settings of the web tier, read from the environment in one place.

`DJANGO_ENV=production` requires every secret (no defaults); locally the secrets are
generated once under the data directory so `make up` works with zero configuration.
The site has no database: sessions live in an encrypted cookie (see `sessions.py`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from littlelemon.contract import webtier
from littlelemon.contract.restaurant import DEFAULT_TIME_ZONE, TIME_ZONE_VARIABLE
from littlelemon.contract.webtier import ORIGIN_VERIFY_VARIABLE

BASE_DIR = Path(__file__).resolve().parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="local")
if DJANGO_ENV not in {"local", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'local' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # No defaults: a missing secret stops the process at start with environ's clear message.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    SESSION_ENCRYPTION_KEYS: list[str] = env.list("SESSION_ENCRYPTION_KEYS")
    API_BASE_URL = env.str("API_BASE_URL")
    ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS")
    DEBUG = env.bool("DJANGO_DEBUG", default=False)
    # Signs the visitor's address on every api and bookings call (contract/webtier.py).
    WEB_TIER_KEY = env.str(webtier.KEY_VARIABLE)
else:
    # Imported here only: production bundles need not carry the local tooling.
    from littlelemon.local.secrets import local_secret, local_web_tier_key

    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or local_secret(
        "web-secret-key", get_random_secret_key
    )
    SESSION_ENCRYPTION_KEYS = env.list("SESSION_ENCRYPTION_KEYS", default=[]) or [
        local_secret("web-session-key", lambda: Fernet.generate_key().decode())
    ]
    API_BASE_URL = env.str("API_BASE_URL", default="http://127.0.0.1:8001")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
    DEBUG = env.bool("DJANGO_DEBUG", default=False)
    # `littlelemon up` generates the same file's value for the api (local/up.py).
    WEB_TIER_KEY = env.str(webtier.KEY_VARIABLE, default="") or local_web_tier_key()

API_BASE_URL = API_BASE_URL.rstrip("/")
# Seconds: a slow API turns into the friendly 503 page instead of a hung worker.
API_CONNECT_TIMEOUT = env.float("API_CONNECT_TIMEOUT", default=2.0)
API_READ_TIMEOUT = env.float("API_READ_TIMEOUT", default=8.0)
# Every visitor's menu reads reach the API anonymously from this server's address, so they
# share one anonymous budget there. Keeping each public answer (home, a menu page, a dish)
# for a few seconds per process makes a busy menu cost a handful of API calls per worker,
# not one per view; a manager's change shows on the public pages within this delay. 0 turns
# it off (the SSR benchmark measures rendering with a real API call per page).
PUBLIC_MENU_CACHE_SECONDS = env.int("WEB_PUBLIC_CACHE_SECONDS", default=15)
# How many proxies in front of gunicorn append to X-Forwarded-For: the visitor's address is
# the right-most one the outermost trusted proxy added (CloudFront and the instance's nginx
# in the lean profile: 2; CloudFront, the load balancer and nginx: 3). 0 (local): the
# address of the peer, REMOTE_ADDR. Anything left of that entry is the visitor's own claim.
WEB_TRUSTED_PROXIES = env.int("WEB_TRUSTED_PROXIES", default=0)
# A session ends this many seconds after its login however often it is used (the API
# rotates refresh tokens, so without it a busy session would never expire).
WEB_SESSION_MAX_AGE_SECONDS = env.int("WEB_SESSION_MAX_AGE_SECONDS", default=12 * 60 * 60)

# Dish photos are served by the API's media origin (locally the gateway, on AWS the media
# CloudFront distribution): the CSP lets pages show images from there, nothing more.
_api_origin = "{0.scheme}://{0.netloc}".format(urlsplit(API_BASE_URL))
MEDIA_ORIGINS: list[str] = env.list("WEB_MEDIA_ORIGINS", default=[_api_origin])
# An open order's page reloads itself this often (a meta refresh: the CSP allows no script).
ORDER_REFRESH_SECONDS = env.int("WEB_ORDER_REFRESH_SECONDS", default=30)
# The bookings service's limits (same variables, same defaults), shown before the user
# hits them; the service still enforces them.
BOOKINGS_MAX_DAYS_AHEAD = env.int("BOOKINGS_MAX_DAYS_AHEAD", default=60)
BOOKINGS_MIN_GUESTS = env.int("BOOKINGS_MIN_GUESTS", default=1)
BOOKINGS_MAX_GUESTS = env.int("BOOKINGS_MAX_GUESTS", default=12)
# A dish photo may be at most this large (the API refuses more; the form says so first).
DISH_PHOTO_MAX_BYTES = 5 * 1024 * 1024

INSTALLED_APPS = [
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "littlelemon.web",
]

MIDDLEWARE = [
    "littlelemon.web.middleware.HealthCheckMiddleware",
    "littlelemon.web.middleware.OriginVerifyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "littlelemon.web.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "littlelemon.web.middleware.SessionCheckMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "littlelemon.web.middleware.ApiErrorMiddleware",
]

ROOT_URLCONF = "littlelemon.web.urls"
WSGI_APPLICATION = "littlelemon.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "littlelemon.web.context_processors.navigation",
            ],
        },
    },
]

# No relational data here: the API owns it.
DATABASES: dict[str, dict[str, str]] = {}

# --- sessions: the whole session (with the user's JWTs) encrypted into one cookie ---------
SESSION_ENGINE = "littlelemon.web.sessions"
SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"
SESSION_COOKIE_NAME = "ll_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
# One day: the API's refresh token lives as long, so a longer cookie would hold a dead token.
SESSION_COOKIE_AGE = 24 * 60 * 60
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The header value only this site's CloudFront distribution sends (OriginVerifyMiddleware);
# empty: no check (local runs, or TLS at the site's own load balancer).
WEB_ORIGIN_VERIFY_SECRET = env.str(ORIGIN_VERIFY_VARIABLE, default="")
CSRF_FAILURE_VIEW = "littlelemon.web.views.errors.csrf_failure"

# --- security headers ----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # Who says the viewer used HTTPS: the load balancer that terminates TLS sets
    # X-Forwarded-Proto; behind CloudFront the infrastructure names CloudFront's own
    # CloudFront-Forwarded-Proto (HTTP_CLOUDFRONT_FORWARDED_PROTO), because a load balancer
    # between CloudFront and the instance rewrites X-Forwarded-Proto to "http".
    SECURE_PROXY_SSL_HEADER = (
        env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO"),
        "https",
    )
    SECURE_SSL_REDIRECT = True
    # The load balancer's health check speaks plain HTTP to the instance.
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    # Same variable as the API reads, so one deployment setting drives both.
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# No inline script or style anywhere; every asset is served by this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- static files: WhiteNoise, hashed names in production -----------------------------------
STATIC_URL = "/static/"
# Production serves the collected, hashed files (the bundle ships them in `staticfiles/`);
# locally WhiteNoise serves straight from the app folders and no collection is needed.
_static_root = env.str("DJANGO_STATIC_ROOT", default="")
STATIC_ROOT = (
    Path(_static_root) if _static_root else (BASE_DIR / "staticfiles" if PRODUCTION else None)
)
STORAGES = {
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

LANGUAGE_CODE = "en-us"
# Times are shown on the restaurant's clock (the demo restaurant is in Chicago).
TIME_ZONE = env.str(TIME_ZONE_VARIABLE, default=DEFAULT_TIME_ZONE)
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # Request lines carry query strings only; tokens never travel in URLs, so they are safe.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}
