"""Django settings. Every value that varies between deployments comes from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from morpheus.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_period,
    env_rate,
    env_str,
    env_text,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MORPHEUS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("SECRET_KEY must not be empty.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
# Debug mode shows settings and tracebacks to anyone who asks: only on this machine.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
if DEBUG and set(ALLOWED_HOSTS) - LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on while ALLOWED_HOSTS names hosts other than loopback "
        f"({', '.join(sorted(set(ALLOWED_HOSTS) - LOOPBACK_HOSTS))}): turn debug off."
    )

INSTALLED_APPS = [
    "unfold.apps.BasicAppConfig",  # before the admin: its templates win
    "unfold.contrib.filters",
    "backoffice.apps.StaffAdminConfig",  # django.contrib.admin with the staff site (issue 13)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "csp",
    "django.contrib.staticfiles",
    "djstripe",
    "rest_framework",
    "rest_framework_json_api",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "procrastinate.contrib.django",
    "morpheus.apps.MorpheusConfig",
    "accounts",
    "catalog",
    "orders",
    "promotions",
    "tax",
    "payments",
    "delivery",
    "backoffice",
    "api",
    "notifications",
    "analytics",
    "invoicing",
    "demo",
]

MIDDLEWARE = [
    "morpheus.middleware.DebugFromThisMachineOnlyMiddleware",
    "morpheus.observability.RequestIdMiddleware",
    "morpheus.metrics.HttpMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "morpheus.error_pages.LengthRequiredMiddleware",
    # Stripe's webhook skips what follows but its transaction and security headers (issue 13).
    "morpheus.middleware.LeanWebhookMiddleware",
    "morpheus.middleware.NulRefusedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Outside what answers error pages: the CSRF check, the 405 page, the views' 404s.
    "morpheus.middleware.ErrorPagesKeptByNoCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "morpheus.middleware.MethodNotAllowedPageMiddleware",
    # Counts what passes the CSRF check (it asks Django's check itself), before the
    # request's transaction opens.
    "morpheus.throttles.ThrottleMiddleware",
    "morpheus.middleware.RowLevelSecurityMiddleware",
    "morpheus.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "morpheus.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "morpheus.urls"
WSGI_APPLICATION = "morpheus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# DATABASE_URL is the web app's login: a role that owns no table and cannot bypass RLS.
# Migrations run with the owner's URL in DATABASE_URL (see README, "Database roles").
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", "postgres://morpheus_app@localhost:5432/morpheus"),
            conn_max_age=env_period("DATABASE_CONN_MAX_AGE", 0, unit="seconds", minimum=0),
        )
    }
except ValueError:  # its value is not repeated: it may hold a password
    raise ImproperlyConfigured(
        "DATABASE_URL must look like postgres://user:password@host:5432/name."
    ) from None
# Hot paths (the Stripe webhook) use PostgreSQL prepared statements on persistent
# connections (morpheus.transactions.prepared_statements); false behind a pooler that
# cannot keep them.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "morpheus_app")
# The job worker's login: a member of the app role that alone may take, finish, retry and
# delete procrastinate's jobs (the app role only reads the queue and adds plain jobs to it).
DATABASE_WORKER_ROLE = env_str("DATABASE_WORKER_ROLE", "morpheus_worker")
# Signed row-level security context: the key the app signs its database context with
# (installed for the database by `install_rls_context_key`); unset: derived from SECRET_KEY.
RLS_CONTEXT_KEY = env_str("RLS_CONTEXT_KEY", "")
# Sessions through the owner's functions, keyed by session key: the app role cannot list them.
SESSION_ENGINE = "morpheus.sessions"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
FORMAT_MODULE_PATH = ["morpheus.formats"]
# Staff list speed (issue 13): the shop speaks English only; with Django's list of ~100
# languages the admin theme looks every one up on every page, to show none of them.
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Comic assets are private: they live outside any served folder and leave only through
# download links. With AWS_STORAGE_BUCKET_NAME set they live in a private S3 bucket.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
ASSET_ROOT = Path(env_str("ASSET_ROOT", str(VAR_DIR / "assets")))
if AWS_STORAGE_BUCKET_NAME:
    _asset_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }
else:
    # Paid files and the buyers' stamped copies: no other user of the machine reads them; the
    # web server, in the files' group, may (DOWNLOADS_SENDFILE_HEADER).
    _asset_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(ASSET_ROOT),
            "base_url": None,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "assets": _asset_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

DOWNLOAD_LINK_TTL_SECONDS = env_period("DOWNLOAD_LINK_TTL_SECONDS", 86400, unit="seconds")
DOWNLOAD_LINK_MAX_DOWNLOADS = env_int("DOWNLOAD_LINK_MAX_DOWNLOADS", 5, minimum=1)
# Customer privacy (issue 14): the download audit forgets address and agent after this.
DOWNLOAD_AUDIT_RETENTION_DAYS = env_period("DOWNLOAD_AUDIT_RETENTION_DAYS", 90, unit="days")
# A password reset asked for with an address the account replaced is sent to that address
# for this long (the notice of the change says so), in case the change was a takeover.
REPLACED_ADDRESS_RESET_DAYS = env_period("REPLACED_ADDRESS_RESET_DAYS", 7, unit="days")
# How often the confirmation page asks for the order's status while a payment settles; the
# pay page asks for its attempt's outcome twice as often.
STATUS_POLL_MS = env_int("STATUS_POLL_MS", 1000, minimum=100, maximum=60_000)
# How often the page of a download link whose stamped copy is still being made reloads itself
# (its Retry-After too).
STAMPED_COPY_REFRESH_SECONDS = env_period("STAMPED_COPY_REFRESH_SECONDS", 5, unit="seconds")

# Downloads handed to the web server (issue 13): after the checks, local files leave through
# nginx's X-Accel-Redirect or Apache/lighttpd's X-Sendfile; the header's value is the prefix
# (an internal nginx location, or the asset folder's path) followed by the file's name.
DOWNLOADS_SENDFILE_HEADER = env_str("DOWNLOADS_SENDFILE_HEADER", "")
if DOWNLOADS_SENDFILE_HEADER not in ("", "X-Accel-Redirect", "X-Sendfile"):
    raise ImproperlyConfigured(
        "DOWNLOADS_SENDFILE_HEADER must be X-Accel-Redirect, X-Sendfile or empty, "
        f"got {DOWNLOADS_SENDFILE_HEADER!r}."
    )
DOWNLOADS_SENDFILE_PREFIX = env_str(
    "DOWNLOADS_SENDFILE_PREFIX",
    f"{ASSET_ROOT}/" if DOWNLOADS_SENDFILE_HEADER == "X-Sendfile" else "/protected-assets/",
)
# Comics (issue 20): file-update emails go out in batches of this many orders, one batch
# every so many seconds; link abuse: this many distinct networks (IPv4 /24, IPv6 /64)
# downloading one order within the window flags it for staff.
FILE_UPDATE_EMAIL_BATCH = env_int("FILE_UPDATE_EMAIL_BATCH", 50, minimum=1)
FILE_UPDATE_EMAIL_BATCH_SECONDS = env_period("FILE_UPDATE_EMAIL_BATCH_SECONDS", 60, unit="seconds")
DOWNLOAD_ABUSE_NETWORKS = env_int("DOWNLOAD_ABUSE_NETWORKS", 4, minimum=2)
DOWNLOAD_ABUSE_WINDOW_MINUTES = env_period("DOWNLOAD_ABUSE_WINDOW_MINUTES", 60, unit="minutes")

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "")
# Seconds a Stripe call waits for each try's answer (three tries): a Stripe that stops
# answering must not hold a web request past gunicorn's timeout, nor a job worker for minutes.
STRIPE_TIMEOUT_SECONDS = env_float("STRIPE_TIMEOUT_SECONDS", 8, maximum=3600)
# Seconds before a failed try's first retry (doubled before the second), as stripe's library
# waits by default.
STRIPE_RETRY_WAIT_SECONDS = env_float("STRIPE_RETRY_WAIT_SECONDS", 0.5, maximum=60)
STRIPE_LIVE_MODE = False
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"
# Webhook ingress (payments/webhooks/ingress.py): larger bodies are refused unread (413).
STRIPE_WEBHOOK_MAX_BYTES = env_int("STRIPE_WEBHOOK_MAX_BYTES", 64 * 1024, minimum=1)
if STRIPE_API_BASE:
    STRIPE_API_HOST = STRIPE_API_BASE
    SILENCED_SYSTEM_CHECKS = ["djstripe.W002"]  # pointing at localstripe is the point
# Stripe calls as jobs: a call made while a database transaction is open is logged as an
# error and counted (`log`), or refused (`raise`, what the tests use).
STRIPE_CALL_IN_TRANSACTION = env_choice("STRIPE_CALL_IN_TRANSACTION", "log", ("log", "raise"))

# Behind TLS (SECURE_HTTPS=true in production): HTTPS only, HSTS, secure cookies.
SECURE_HTTPS = env_bool("SECURE_HTTPS", default=False)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=SECURE_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Stripe.js and its frames are the only third party a page may load.
_STRIPE_ORIGINS = [STRIPE_API_BASE] if STRIPE_API_BASE else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "https://js.stripe.com", *_STRIPE_ORIGINS],
        "frame-src": ["'self'", "https://js.stripe.com", "https://hooks.stripe.com"],
        "connect-src": ["'self'", "https://api.stripe.com", *_STRIPE_ORIGINS],
        "img-src": ["'self'", "data:", "https://*.stripe.com"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The admin (django-unfold) loads nothing from elsewhere; its Alpine.js evaluates the
# templates' x-data expressions with Function(), hence 'unsafe-eval', never inline scripts.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The JSON:API (api/): token or session authentication, JSON:API documents and errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.AccountSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JsonApiContentNegotiation",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 20, minimum=1),
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    # JSON:API alone: an HTML page (the browsable API) would be a surface the schema and
    # its fuzzing do not cover, and its refusals would not be JSON:API errors.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework_json_api.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.StableOrderingFilter"],
    "ORDERING_PARAM": "sort",
    "DEFAULT_SCHEMA_CLASS": "api.schema.JsonApiAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "vnd.api+json",
    "TEST_REQUEST_RENDERER_CLASSES": [
        "rest_framework_json_api.renderers.JSONRenderer",
        "rest_framework.renderers.MultiPartRenderer",
    ],
}
# The JSON:API's limits (issue 17): request document size, comics per order, the largest
# page[size], and the lifetime of a download link issued through the API (one download).
API_MAX_DOCUMENT_BYTES = env_int("API_MAX_DOCUMENT_BYTES", 64 * 1024, minimum=1)
API_MAX_COMICS_PER_ORDER = env_int("API_MAX_COMICS_PER_ORDER", 50, minimum=1)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100, minimum=1)
if REST_FRAMEWORK["PAGE_SIZE"] > API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured(
        f"API_PAGE_SIZE must be at most API_MAX_PAGE_SIZE ({API_MAX_PAGE_SIZE}), "
        f"got {REST_FRAMEWORK['PAGE_SIZE']}."
    )
API_DOWNLOAD_LINK_TTL_SECONDS = env_period("API_DOWNLOAD_LINK_TTL_SECONDS", 300, unit="seconds")
JSON_API_FORMAT_TYPES = "dasherize"
JSON_API_PLURALIZE_TYPES = True
JSON_API_UNIFORM_EXCEPTIONS = True
SPECTACULAR_SETTINGS = {
    "TITLE": "Morpheus Orders API",
    "DESCRIPTION": (
        "JSON:API for the Morpheus comic shop: the public catalog and the caller's orders. "
        "Authenticate with an API token from your account page (`Authorization: Bearer …`) "
        "or a signed-in session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.links_add",
    ],
}

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).hostname:
    raise ImproperlyConfigured(
        f"SITE_URL must be an absolute address such as https://shop.example.com, got {SITE_URL!r}."
    )
# "We received your order" waits this long and goes only if the order is unpaid then (or
# costs nothing): a customer who paid at once gets the payment's email, not one asking
# whether they paid (outside probe GR-4).
ORDER_RECEIVED_EMAIL_DELAY_SECONDS = env_period(
    "ORDER_RECEIVED_EMAIL_DELAY_SECONDS", 600, unit="seconds", minimum=0
)
# "Payment did not go through" waits this long and goes only if the order is still unpaid,
# so a customer who retried at once is not told about the failure after paying.
PAYMENT_FAILED_EMAIL_DELAY_SECONDS = env_period(
    "PAYMENT_FAILED_EMAIL_DELAY_SECONDS", 120, unit="seconds", minimum=0
)
# A tax rule saved reaches the pending orders this long after: time for Finance to add the
# rule that replaces one ended, or to correct a typo, before any customer is told.
TAX_RULE_SETTLE_SECONDS = env_period("TAX_RULE_SETTLE_SECONDS", 600, unit="seconds", minimum=0)
# Development mail: one file per message in var/mail/, never the server log. Django's
# console backend would print download links there, and its file backend may write several
# messages into one file: ours mask the links, and write a file for each message.
_OUR_MAIL_BACKENDS = {
    f"django.core.mail.backends.{django}.EmailBackend": f"notifications.mail_backends.{ours}"
    for django, ours in (("console", "ConsoleEmailBackend"), ("filebased", "FileEmailBackend"))
}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "notifications.mail_backends.FileEmailBackend")
EMAIL_BACKEND = _OUR_MAIL_BACKENDS.get(EMAIL_BACKEND, EMAIL_BACKEND)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# A mail server that stops answering fails the send after this many seconds, and the job is
# retried later: without it the send waits for ever, and the worker's other jobs (payments,
# fulfilment, refunds) wait behind it.
EMAIL_TIMEOUT = env_period("EMAIL_TIMEOUT", 30, unit="seconds")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Morpheus <orders@morpheus.example>")

# Invoices and credit notes (invoicing/): the seller printed on every document, frozen
# into each one when it is issued, and the number series (gapless per series and year).
INVOICE_SELLER_NAME = env_str("INVOICE_SELLER_NAME", "Morpheus Comics Ltd")
INVOICE_SELLER_ADDRESS = env_str("INVOICE_SELLER_ADDRESS", "1 Example Street, Dublin, Ireland")
INVOICE_SELLER_VAT_ID = env_str("INVOICE_SELLER_VAT_ID", "")
INVOICE_SERIES = env_text("INVOICE_SERIES", "INV")
# VAT on digital goods (tax/): `oss` (EU one-stop shop, UK, Norway, Switzerland rules) or
# `none` (no VAT computed, for shops outside those rules). Catalogue prices include VAT.
TAX_MODE = env_str("TAX_MODE", "oss")
if TAX_MODE not in ("oss", "none"):
    raise ImproperlyConfigured("TAX_MODE is `oss` or `none`.")
TAX_DEFAULT_COUNTRY = env_str("TAX_DEFAULT_COUNTRY", "IE").upper()
CREDIT_NOTE_SERIES = env_text("CREDIT_NOTE_SERIES", "CN")
DEBIT_NOTE_SERIES = env_text("DEBIT_NOTE_SERIES", "DN")
# VAT evidence and business buyers (tax/, issue 15): catalogue prices without VAT when
# false (VAT added at checkout); the seller's country (an EU business elsewhere pays by
# reverse charge); VIES, the EU's VAT number register, asked by a retried job.
TAX_PRICES_INCLUDE_TAX = env_bool("TAX_PRICES_INCLUDE_TAX", default=True)
TAX_SELLER_COUNTRY = env_str("TAX_SELLER_COUNTRY", "IE").upper()
VIES_URL = env_str(
    "VIES_URL", "https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number"
)
if not VIES_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("VIES_URL is an http(s) address.")
VIES_TIMEOUT_SECONDS = env_period("VIES_TIMEOUT_SECONDS", 10, unit="seconds")
# How long a VIES refusal blocks its VAT number at checkout; after it the number is taken
# and checked with VIES again (VIES refuses valid numbers now and then).
VIES_REFUSAL_BLOCK_HOURS = env_period("VIES_REFUSAL_BLOCK_HOURS", 24, unit="hours")
# The ECB's euro reference rates of the day, loaded by a job on working days after the ECB
# publishes them (about 16:00 in Frankfurt), for the documents in other currencies and the
# VAT report (invoicing.tasks.load_ecb_rates); empty: Finance records them by hand.
ECB_RATES_URL = env_str("ECB_RATES_URL", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref.zip")
if ECB_RATES_URL and not ECB_RATES_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("ECB_RATES_URL is an http(s) address, or empty.")
ECB_RATES_TIMEOUT_SECONDS = env_period("ECB_RATES_TIMEOUT_SECONDS", 30, unit="seconds")
# VAT evidence from the buyer's IP address (tax/geoip.py): a MaxMind DB file (GeoLite2 or
# GeoIP2 Country/City) giving the client IP's country; empty = no IP evidence.
GEOIP_PATH = env_str("GEOIP_PATH", "")
if GEOIP_PATH and not Path(GEOIP_PATH).is_file():  # every lookup would fail, logged, unsaid
    raise ImproperlyConfigured(f"GEOIP_PATH must name a MaxMind DB file, got {GEOIP_PATH!r}.")

# Abuse limits (morpheus/throttles.py): count/period per account, IP or order, counted in
# PostgreSQL so every web process shares them. Client IPs: X-Forwarded-For's n-th address
# from the right behind TRUSTED_PROXY_COUNT proxies, REMOTE_ADDR with none.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
THROTTLE_RATES = {
    "signin_account": env_rate("THROTTLE_SIGNIN_ACCOUNT", "10/15m"),
    "signin_ip": env_rate("THROTTLE_SIGNIN_IP", "30/15m"),
    "password_reset_address": env_rate("THROTTLE_PASSWORD_RESET_ADDRESS", "10/15m"),
    "password_reset_ip": env_rate("THROTTLE_PASSWORD_RESET_IP", "30/15m"),
    "signup_ip": env_rate("THROTTLE_SIGNUP_IP", "10/h"),
    # Sign-ups the form refused (a short password, a name taken): likewise.
    "signup_refused_ip": env_rate("THROTTLE_SIGNUP_REFUSED_IP", "30/h"),
    "guest_checkout_ip": env_rate("THROTTLE_GUEST_CHECKOUT_IP", "10/h"),
    # Guest checkouts the form refused (address, country, VAT number, business): a corrected
    # one is not counted among the checkouts, but probing the form is bounded.
    "guest_checkout_refused_ip": env_rate("THROTTLE_GUEST_CHECKOUT_REFUSED_IP", "30/h"),
    "setup_intent_account": env_rate("THROTTLE_SETUP_INTENT_ACCOUNT", "10/h"),
    "setup_intent_ip": env_rate("THROTTLE_SETUP_INTENT_IP", "30/h"),
    "payment_order": env_rate("THROTTLE_PAYMENT_ORDER", "10/h"),
    "payment_account": env_rate("THROTTLE_PAYMENT_ACCOUNT", "20/h"),
    "authentication_account": env_rate("THROTTLE_AUTHENTICATION_ACCOUNT", "60/h"),
    "api_order_create": env_rate("THROTTLE_API_ORDER_CREATE", "30/h"),
    # The cart's Checkout and "Buy the bundle now", per customer: each placed order emails
    # its address, which an account unconfirmed may not own (outside probe FM-3).
    "checkout_account": env_rate("THROTTLE_CHECKOUT_ACCOUNT", "30/h"),
    "api_download_link": env_rate("THROTTLE_API_DOWNLOAD_LINK", "30/h"),
    # Free orders (free comics, 100 % codes) completed per customer: issue 16.
    "free_order_account": env_rate("THROTTLE_FREE_ORDER_ACCOUNT", "5/h"),
    # Customer accounts (issue 14): each library "Download" issues a single-use link.
    "library_download": env_rate("THROTTLE_LIBRARY_DOWNLOAD", "60/h"),
    # Staff emailing an invoice or credit note again, per document: a double click sends one.
    "document_resend": env_rate("THROTTLE_DOCUMENT_RESEND", "1/m"),
    # "Send the link again" on the account page, per account and per address it mails: an
    # account can be made with anyone's address.
    "email_resend_account": env_rate("THROTTLE_EMAIL_RESEND_ACCOUNT", "5/h"),
    "email_resend_address": env_rate("THROTTLE_EMAIL_RESEND_ADDRESS", "10/h"),
    # Discount codes typed in the cart that are none of the shop's: a code is a secret.
    "discount_code_ip": env_rate("THROTTLE_DISCOUNT_CODE_IP", "30/h"),
    "discount_code_visitor": env_rate("THROTTLE_DISCOUNT_CODE_VISITOR", "10/h"),
    # Signed in or not, per address: new accounts (no confirmation needed) bring no more.
    "discount_code_all_ip": env_rate("THROTTLE_DISCOUNT_CODE_ALL_IP", "100/h"),
}

METRICS_TOKEN = env_str("METRICS_TOKEN", "")
PROMETHEUS_MULTIPROC_DIR = env_str("PROMETHEUS_MULTIPROC_DIR", "")

# Stalled jobs: every worker writes a heartbeat each WORKER_HEARTBEAT_INTERVAL_SECONDS; one
# silent for WORKER_HEARTBEAT_MAX_AGE_SECONDS is dead (/healthz) and its running jobs are put
# back in the queue (morpheus.tasks.recover_stalled_jobs). A paid order still not fulfilled
# after FULFILMENT_ALERT_MINUTES is counted in /metrics and listed on the staff dashboard.
WORKER_HEARTBEAT_INTERVAL_SECONDS = env_period(
    "WORKER_HEARTBEAT_INTERVAL_SECONDS", 10, unit="seconds"
)
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env_period(
    "WORKER_HEARTBEAT_MAX_AGE_SECONDS", 60, unit="seconds", minimum=2
)
if WORKER_HEARTBEAT_MAX_AGE_SECONDS <= WORKER_HEARTBEAT_INTERVAL_SECONDS:
    raise ImproperlyConfigured(
        "WORKER_HEARTBEAT_MAX_AGE_SECONDS must exceed WORKER_HEARTBEAT_INTERVAL_SECONDS."
    )
# The worker listens only to well-formed job notifications (morpheus/job_worker.py).
PROCRASTINATE_ON_APP_READY = "morpheus.job_worker.on_app_ready"
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": WORKER_HEARTBEAT_INTERVAL_SECONDS,
    "stalled_worker_timeout": WORKER_HEARTBEAT_MAX_AGE_SECONDS,
}
FULFILMENT_ALERT_MINUTES = env_period("FULFILMENT_ALERT_MINUTES", 10, unit="minutes")

UNPAID_ORDER_MAX_AGE_HOURS = env_period("UNPAID_ORDER_MAX_AGE_HOURS", 24, unit="hours")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "morpheus.observability.ContextFilter"},
        "redact": {"()": "morpheus.observability.RedactingFilter"},
        "client_mistake": {"()": "morpheus.observability.ClientMistakeFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # On the handler, not a logger: a logger's filter skips its children's records,
            # and every django.security.<SuspiciousOperation> logger refuses with a 400.
            "filters": ["context", "client_mistake", "redact"],
            "formatter": env_choice("LOG_FORMAT", "json", ("json", "plain")),
        }
    },
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        "django.server": {"handlers": ["console"], "propagate": False},
        "procrastinate": {"level": env_choice("PROCRASTINATE_LOG_LEVEL", "WARNING", LOG_LEVELS)},
        "pikepdf": {"level": "WARNING"},  # one INFO line on every import otherwise
        "fontTools": {"level": "WARNING"},  # ~30 INFO lines per invoice's font subsetting
    },
}

# django-unfold's staff dashboard: callbacks are dotted paths, so settings import no app.
UNFOLD = {
    "SITE_TITLE": "Morpheus staff",
    "SITE_HEADER": "Morpheus Orders",
    "SITE_SUBHEADER": "Staff dashboard",
    "SITE_URL": "/",
    "SHOW_VIEW_ON_SITE": False,
    "DASHBOARD_CALLBACK": "backoffice.dashboard.dashboard_callback",
    "LOGIN": {"form": "backoffice.forms.StaffSignInForm"},
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": "backoffice.navigation.sidebar_navigation",
    },
}
