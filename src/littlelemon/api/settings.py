"""Settings of the REST API, read from the environment in this one place (django-environ).

`DJANGO_ENV=local` (the default) works with zero configuration: SQLite and secrets generated
once under the data directory. `DJANGO_ENV=production` has no defaults for secrets: a missing
one stops the start with a message naming it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from littlelemon.api.core.keys import PUBLIC_PEM_HEADER, generate_private_key_pem, public_key_pem
from littlelemon.contract import restaurant, webtier
from littlelemon.mailer import outbox

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="local")
if DJANGO_ENV not in {"local", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'local' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"


def _required_in_production(name: str, *, local_default: Callable[[], str]) -> str:
    """The variable `name`; in production it must be set, locally `local_default()` fills in."""
    value: str = env.str(name, default="")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return local_default()


def _local_secret(name: str, generate: Callable[[], str]) -> Callable[[], str]:
    # Imported lazily: production never touches the local data directory.
    def read() -> str:
        from littlelemon.local.secrets import local_secret

        return local_secret(name, generate)

    return read


def _token(length: int) -> Callable[[], str]:
    def generate() -> str:
        import secrets

        return secrets.token_urlsafe(length)

    return generate


def _local_sqlite_url() -> str:
    from littlelemon.local.secrets import data_dir

    return f"sqlite:///{data_dir() / 'api.sqlite3'}"


def _local_dir(name: str) -> str:
    from littlelemon.local.secrets import data_dir

    return str(data_dir() / name)


SECRET_KEY = _required_in_production(
    "DJANGO_SECRET_KEY", local_default=_local_secret("django-secret-key", _token(50))
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production")

INSTALLED_APPS = [
    # Django's admin, its modules discovered when its URLs are first used (cold starts).
    "littlelemon.api.core.adminapp.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "djoser",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "littlelemon.api.core",
    "littlelemon.api.accounts",
    "littlelemon.api.menu",
    "littlelemon.api.cart",
    "littlelemon.api.orders",
]

MIDDLEWARE = [
    # First: everything after it (throttles, lockout, logs) sees the end user's address.
    "littlelemon.api.core.clientip.WebTierClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "littlelemon.api.core.staticfiles.LazyWhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "littlelemon.api.core.querystrings.UnknownQueryParametersMiddleware",
]

ROOT_URLCONF = "littlelemon.api.urls"
WSGI_APPLICATION = "littlelemon.api.wsgi.application"
# The API's paths carry no trailing slash (as the original API); never redirect to add one.
APPEND_SLASH = False

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
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# Self-contained on purpose: the Lambda runtime may extend this block (IAM database auth,
# Secrets Manager) without touching the rest of the settings.
DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must be set when DJANGO_ENV=production")
    DATABASE_URL = _local_sqlite_url()
_database: dict[str, Any] = env.db_url_config(DATABASE_URL)
# Persistent connections: a warm Lambda instance reuses its connection for every request
# (checked with a ping before reuse), instead of opening one per request.
_database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
_database["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
if _database["ENGINE"] == "django.db.backends.mysql":
    import pymysql

    # PyMySQL (pure Python, so it runs on Lambda without native wheels) stands in for
    # mysqlclient. Django checks `MySQLdb.version_info` against the mysqlclient versions it
    # supports; PyMySQL >= 1.1 already reports a compatible one (2.2.x), which is why the
    # version is only raised here for older releases.
    if pymysql.version_info < (2, 2, 1):
        pymysql.version_info = (2, 2, 1, "final", 0)
    pymysql.install_as_MySQLdb()
    _database.setdefault("OPTIONS", {}).update(
        {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"}
    )
    _database["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
# How the API gets its database password: `url` (in DATABASE_URL), `iam` (an RDS IAM auth
# token per new connection, over TLS) or `secret` (the Secrets Manager secret
# DATABASE_SECRET_ID, fetched once and cached). The last two use the runtime's backend.
DATABASE_CREDENTIALS = env.str("DATABASE_CREDENTIALS", default="url")
if DATABASE_CREDENTIALS not in {"url", "iam", "secret"}:
    raise ImproperlyConfigured("DATABASE_CREDENTIALS must be 'url', 'iam' or 'secret'")
if DATABASE_CREDENTIALS != "url":
    if _database["ENGINE"] != "django.db.backends.mysql":
        raise ImproperlyConfigured("DATABASE_CREDENTIALS=iam|secret needs a mysql:// DATABASE_URL")
    _database["ENGINE"] = "littlelemon.runtime.db.mysql"
    _database["CREDENTIALS"] = {
        "source": DATABASE_CREDENTIALS,
        "secret_id": env.str("DATABASE_SECRET_ID", default=""),
        "region": env.str("AWS_REGION", default=""),
        "ca_file": env.str("DATABASE_TLS_CA_FILE", default=""),
    }
    if DATABASE_CREDENTIALS == "secret" and not _database["CREDENTIALS"]["secret_id"]:
        raise ImproperlyConfigured("DATABASE_CREDENTIALS=secret needs DATABASE_SECRET_ID")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # `make up` serves requests on several threads, each with its own connection, and
    # SQLite has one writer at a time. A default (deferred) transaction that has read and
    # then writes fails at once with "database is locked" when another one is writing;
    # IMMEDIATE takes the write lock at BEGIN instead, and `timeout` (seconds) makes it
    # wait for the lock. WAL lets readers go on while someone writes; synchronous=NORMAL
    # is the safe setting for WAL and saves an fsync per commit.
    _database.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Several people and CI jobs run the suite against the same server at once.
    _database.setdefault("TEST", {})["NAME"] = f"test_littlelemon_{os.getpid()}"
DATABASES = {"default": _database}
# Read replicas (`-c readReplicas=N` in the CDK app): one URL each, comma-separated. They take
# the primary's engine, options and credential source; only host, port, name, user and
# password come from their URL. littlelemon/api/core/routers.py says who reads where.
DATABASE_REPLICA_URLS: list[str] = env.list("DATABASE_REPLICA_URLS", default=[])
DATABASE_REPLICAS: list[str] = []
for _index, _replica_url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dict(_database)
    _replica.update(
        {
            key: value
            for key, value in env.db_url_config(_replica_url).items()
            if key in {"HOST", "PORT", "NAME", "USER", "PASSWORD"}
        }
    )
    # In tests a replica is the primary's test database (Django's mirror).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_index}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_index}")
# How long a user who wrote reads their own cart and orders from the primary. RDS replica
# lag is normally under a second; 10 s covers a busy minute without pinning for long.
DATABASE_READ_YOUR_WRITES_SECONDS = env.int("DATABASE_READ_YOUR_WRITES_SECONDS", default=10)
DATABASE_ROUTERS = ["littlelemon.api.core.routers.ReplicaRouter"] if DATABASE_REPLICAS else []
if DATABASE_REPLICAS:
    MIDDLEWARE.append("littlelemon.api.core.routers.ReadYourWritesMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (throttling) ---------------------------------------------------------------------
# Throttle counters must be shared by every process (several Lambda instances at once), so the
# default is the database cache; its table is created by a migration (`migrate` suffices).
CACHE_TABLE = "littlelemon_cache"
CACHES = {"default": env.cache_url("CACHE_URL", default=f"dbcache://{CACHE_TABLE}")}

# --- auth -----------------------------------------------------------------------------------
# The web tier signs the visitor's address with this key (littlelemon.contract.webtier); without
# it nothing forwarded is trusted (check --deploy warns in production).
WEB_TIER_KEY: bytes = env.str(webtier.KEY_VARIABLE, default="").encode()
if WEB_TIER_KEY and len(WEB_TIER_KEY) < webtier.MIN_KEY_BYTES:
    raise ImproperlyConfigured(
        f"{webtier.KEY_VARIABLE} must be at least {webtier.MIN_KEY_BYTES} bytes long"
    )
# Password checks of the JWT login and of the Django admin go through one backend that
# locks out per (account, client address) with exponential backoff; see accounts/lockout.py.
AUTHENTICATION_BACKENDS = ["littlelemon.api.accounts.backends.LockoutModelBackend"]
LOGIN_LOCKOUT = {
    # wrong passwords from one address for one account before the backoff starts
    "FREE_FAILURES": env.int("LOGIN_LOCKOUT_FREE_FAILURES", default=5),
    "BASE_SECONDS": env.int("LOGIN_LOCKOUT_BASE_SECONDS", default=2),
    "MAX_SECONDS": env.int("LOGIN_LOCKOUT_MAX_SECONDS", default=900),
    # failures for one account across all addresses within WINDOW before it is locked for
    # everyone for WINDOW (far above what one address can try under the backoff)
    "ACCOUNT_CEILING": env.int("LOGIN_LOCKOUT_ACCOUNT_CEILING", default=500),
    "ACCOUNT_WINDOW_SECONDS": env.int("LOGIN_LOCKOUT_ACCOUNT_WINDOW_SECONDS", default=3600),
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def _local_public_key() -> str:
    # Derived once per private key and kept beside it (the name carries the private key's
    # digest, so another key never meets a stale public half); later starts only read it
    # (stripped: the store returns the value stripped when it reads it back).
    digest = hashlib.sha256(JWT_PRIVATE_KEY.strip().encode()).hexdigest()[:16]
    return _local_secret(f"jwt-public-key-{digest}.pem", lambda: public_key_pem(JWT_PRIVATE_KEY))()


JWT_PRIVATE_KEY = _required_in_production(
    "JWT_PRIVATE_KEY", local_default=_local_secret("jwt-private-key.pem", generate_private_key_pem)
)
# The public half as PEM, derived where the key is made (`littlelemon deploy` stores it in
# the app secret), so a cold start parses no key: simplejwt and PyJWT parse it when a token
# is first verified. `manage.py check` verifies the pair (littlelemon.E001).
JWT_PUBLIC_KEY = _required_in_production("JWT_PUBLIC_KEY", local_default=_local_public_key)
if not JWT_PUBLIC_KEY.lstrip().startswith(PUBLIC_PEM_HEADER):
    raise ImproperlyConfigured(f"JWT_PUBLIC_KEY must be a PEM starting with {PUBLIC_PEM_HEADER}")
JWT_ISSUER = env.str("JWT_ISSUER", default="http://127.0.0.1:8001").rstrip("/")
JWT_AUDIENCE = env.str("JWT_AUDIENCE", default="littlelemon")

SIMPLE_JWT = {
    "ALGORITHM": "RS256",
    "SIGNING_KEY": JWT_PRIVATE_KEY,
    "VERIFYING_KEY": JWT_PUBLIC_KEY,
    "ISSUER": JWT_ISSUER,
    "AUDIENCE": JWT_AUDIENCE,
    "USER_ID_CLAIM": "sub",
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "AUTH_TOKEN_CLASSES": ("littlelemon.api.accounts.tokens.AccessToken",),
    "TOKEN_VERIFY_SERIALIZER": "littlelemon.api.accounts.serializers.TokenVerifySerializer",
    "TOKEN_OBTAIN_SERIALIZER": "littlelemon.api.accounts.serializers.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "littlelemon.api.accounts.serializers.TokenRefreshSerializer",
    "TOKEN_BLACKLIST_SERIALIZER": "littlelemon.api.accounts.serializers.TokenBlacklistSerializer",
}

# A login session (the family of refresh tokens rotated from one login) ends this long after
# the login at the latest, however often it is refreshed.
LOGIN_SESSION_MAX_AGE = timedelta(hours=env.int("LOGIN_SESSION_MAX_AGE_HOURS", default=24 * 7))
# A used refresh token presented again within this many seconds is a client's own race (two
# tabs refreshing at once): refused, but the session survives. Later, it ends the session.
LOGIN_REFRESH_REUSE_GRACE_SECONDS = env.int("LOGIN_REFRESH_REUSE_GRACE_SECONDS", default=10)

# The web tier's address: links in e-mails (password reset) point there, not at the API.
WEB_BASE_URL = env.str("WEB_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Little Lemon"
# Reset links expire after an hour (Django's default is three days); they are single-use
# because the token hashes the password and last login (django.contrib.auth.tokens).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)

DJOSER = {
    "HIDE_USERS": True,
    "PASSWORD_RESET_CONFIRM_URL": "account/reset/{uid}/{token}",
    # Always 204, whether or not the address has an account (no account enumeration).
    "PASSWORD_RESET_SHOW_EMAIL_NOT_FOUND": False,
    "EMAIL": {"password_reset": "littlelemon.api.accounts.emails.PasswordResetEmail"},
    "SERIALIZERS": {
        "user_create": "littlelemon.api.accounts.serializers.UserCreateSerializer",
        "user": "littlelemon.api.accounts.serializers.UserSerializer",
        "current_user": "littlelemon.api.accounts.serializers.UserSerializer",
    },
}

# --- e-mail ---------------------------------------------------------------------------------
# On AWS (and in `make up`) every message goes into the DynamoDB outbox that the mailer
# function sends through SES (the API Lambda cannot reach SES). Without an outbox table,
# local runs write .eml files under <data dir>/mail.
DEFAULT_FROM_EMAIL = env.str("MAIL_FROM", default="Little Lemon <no-reply@littlelemon.example>")
MAIL_OUTBOX_TABLE = env.str(outbox.TABLE_VARIABLE, default="")
MAIL_OUTBOX_ENDPOINT_URL = env.str(outbox.ENDPOINT_VARIABLE, default="")
if MAIL_OUTBOX_TABLE:
    EMAIL_BACKEND = "littlelemon.api.core.mail.OutboxEmailBackend"
elif PRODUCTION:
    # A deployment without the mail stack: messages are dropped with a warning naming the
    # variable (never their content, which may hold a reset link).
    EMAIL_BACKEND = "littlelemon.api.core.mail.UnconfiguredEmailBackend"
else:
    EMAIL_BACKEND = "littlelemon.api.core.mail.EmlFileEmailBackend"
    MAIL_FILE_DIR = env.str("MAIL_FILE_DIR", default="") or _local_dir("mail")

# --- dish photos ----------------------------------------------------------------------------
# With MEDIA_BUCKET (set by the CDK stack) photos live in that private S3 bucket, reached
# through the S3 gateway endpoint, and are served by CloudFront (MEDIA_DOMAIN); otherwise on
# the local filesystem, served by the API itself under /media/ (`make up`).
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
MEDIA_DOMAIN = env.str("MEDIA_DOMAIN", default="")
MEDIA_URL = f"https://{MEDIA_DOMAIN}/" if MEDIA_BUCKET and MEDIA_DOMAIN else "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default="") or (
    "/tmp/littlelemon-media" if PRODUCTION else _local_dir("media")  # noqa: S108
)
MEDIA_SERVE_LOCALLY = not MEDIA_BUCKET
MEDIA_MAX_BYTES = env.int("MEDIA_MAX_BYTES", default=5 * 1024 * 1024)
if MEDIA_BUCKET:
    _media_storage: dict[str, Any] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "custom_domain": MEDIA_DOMAIN or None,
            # Private bucket, no ACLs: CloudFront reads it with origin access control.
            "default_acl": None,
            "querystring_auth": not MEDIA_DOMAIN,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _media_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads above this are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- the restaurant -------------------------------------------------------------------------
RESTAURANT_TIME_ZONE = env.str(restaurant.TIME_ZONE_VARIABLE, default=restaurant.DEFAULT_TIME_ZONE)
try:
    from zoneinfo import ZoneInfo

    ZoneInfo(RESTAURANT_TIME_ZONE)
except (ValueError, KeyError) as _error:
    raise ImproperlyConfigured(
        f"{restaurant.TIME_ZONE_VARIABLE}={RESTAURANT_TIME_ZONE!r} is not a time zone"
    ) from _error
# An open order's estimated arrival: placed_at + this many minutes.
ORDER_ETA_MINUTES = env.int("ORDER_ETA_MINUTES", default=45)

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "littlelemon.api.accounts.authentication.SessionJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON everywhere; the photo upload view adds multipart itself.
    "DEFAULT_PARSER_CLASSES": ["littlelemon.api.core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "littlelemon.api.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "littlelemon.api.core.filters.SearchFilter",
        "littlelemon.api.core.filters.OrderingFilter",
    ],
    # Throttles count the connection's address (API Gateway's sourceIp), never a
    # client-supplied X-Forwarded-For.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_CLASSES": [
        "littlelemon.api.core.throttling.AnonRateThrottle",
        "littlelemon.api.core.throttling.UserRateThrottle",
    ],
    "EXCEPTION_HANDLER": "littlelemon.api.core.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "littlelemon.api.core.schema.AutoSchema",
}
# Read at request time by the throttle classes, so tests and operators can change them.
API_THROTTLE_RATES: dict[str, str | None] = {
    "anon": env.str("API_THROTTLE_ANON", default="600/min") or None,
    "user": env.str("API_THROTTLE_USER", default="600/min") or None,
    "login": env.str("API_THROTTLE_LOGIN", default="20/min") or None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Little Lemon API",
    "DESCRIPTION": (
        "Menu, cart, orders and accounts of the Little Lemon restaurant. Authenticate with "
        "`POST /auth/jwt/create/` and send `Authorization: Bearer <access>`. Errors are JSON "
        "with a `detail`; validation errors also carry field errors by field name."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["littlelemon.api.core.schema.exclude_unslashed_aliases"],
    "ENUM_NAME_OVERRIDES": {
        "Role": "littlelemon.contract.roles.ROLES",
        "OrderState": "littlelemon.contract.restaurant.ORDER_STATES",
        "MenuItemTag": "littlelemon.api.menu.models.TAGS",
    },
    # The bookings routes are served by their own functions; the API documents them too.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "littlelemon.api.core.bookings_schema.add_bookings_routes",
    ],
}

# --- internationalisation, static files -----------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only needed by `collectstatic`; WhiteNoise serves from the finders below without it.
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default="") or None
# Serve the admin's and Swagger UI's assets straight from the installed packages, so no
# `collectstatic` step is needed locally or in the Lambda bundle.
WHITENOISE_USE_FINDERS = True

# --- security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # API Gateway terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # 4xx are answers, not incidents; 5xx stay at ERROR with their traceback.
        "django.request": {"level": "ERROR"},
    },
}
