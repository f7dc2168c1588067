"""Hamdel settings: the environment is read once, here, through the helpers in lib.env."""

import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from hamdel.lib.env import env_bool, env_int, env_list, env_path, env_str

# Lets admin and queryset classes be subscripted for mypy at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
HOME = env_path("HAMDEL_HOME", Path.cwd() / "var")
HOME.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("HAMDEL_DEBUG", False)


def _secret_key() -> str:
    """HAMDEL_SECRET_KEY, else one generated on first start and kept under HAMDEL_HOME."""
    configured = env_str("HAMDEL_SECRET_KEY", "")
    if configured:
        return configured
    key_file = HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("HAMDEL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
PORT = env_int("HAMDEL_PORT", 8000)
REDIS_URL = env_str("HAMDEL_REDIS_URL", "")
ADMIN_USER = env_str("HAMDEL_ADMIN_USER", "admin")
ADMIN_PASSWORD = env_str("HAMDEL_ADMIN_PASSWORD", "")
MAX_ATTACHMENT_MB = env_int("HAMDEL_MAX_ATTACHMENT_MB", 25)
# Load balancers in front of the web processes that append to X-Forwarded-For (0: none).
TRUSTED_PROXIES = env_int("HAMDEL_TRUSTED_PROXIES", 0)
# Where people reach Hamdel: the links in emails (resets, invitations) are built on it,
# never on the Host header of the request that asked for them.
BASE_URL = env_str("HAMDEL_BASE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
PASSWORD_RESET_TIMEOUT = 60 * 60  # seconds; invitations live 72 hours (people.tokens)
TEST_DATABASE_URL = env_str("HAMDEL_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "channels",
    "hamdel.audit",
    "hamdel.people",
    "hamdel.text",
    "hamdel.tickets",
    "hamdel.sla",
    "hamdel.promises",
    "hamdel.mail",
    "hamdel.webform",
    "hamdel.chat",
    "hamdel.messaging",
    "hamdel.phone",
    "hamdel.complaints",
    "hamdel.compensation",
    "hamdel.feedback",
    "hamdel.value",
    "hamdel.loyalty",
    "hamdel.conduct",
    "hamdel.staffing",
    "hamdel.knowledge",
    "hamdel.api",
    "hamdel.live",
    "hamdel.security",
    "hamdel.server",
    "hamdel.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hamdel.security.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # NUL characters refused, uncaught ValidationErrors a 400 (docs/security.md)
    "hamdel.security.edge.RequestEdgeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hamdel.workspace.middleware.AgentPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hamdel.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "hamdel.urls"
WSGI_APPLICATION = "hamdel.wsgi.application"
ASGI_APPLICATION = "hamdel.asgi.application"

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
                "hamdel.workspace.context.navigation",  # the sidebar's inbox views
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("HAMDEL_DATABASE_URL", "")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        config["TEST"] = {"NAME": None}
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "hamdel.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
            # timeout instead of one failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,  # seconds
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttles failed logins per account and per IP, counted in the database (docs/security.md).
AUTHENTICATION_BACKENDS = ["hamdel.security.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: a password change revokes the owner's API tokens (hamdel.api.passwords).
    {"NAME": "hamdel.api.passwords.RevokeTokensOnPasswordChange"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Served by WhiteNoise straight from the apps (WHITENOISE_USE_FINDERS), so a
        # start needs no collectstatic step.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = (MAX_ATTACHMENT_MB + 5) * 1024 * 1024

# Security. HAMDEL_HTTPS=true (production, behind a TLS-ending load balancer that sets
# X-Forwarded-Proto) turns on secure cookies, the HTTPS redirect and HSTS; off by default
# so `make run` works on http://127.0.0.1.
HTTPS = env_bool("HAMDEL_HTTPS", False)
# X-Forwarded-Proto is believed only behind load balancers the operator declared.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Events a socket may have waiting before the layer drops more (Django Channels' default
# is 100): a burst of new chats rings every agent of a team at once (docs/chat.md).
CHANNEL_CAPACITY = 1000
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 times socket reads out after 5 s, exactly the 5 s that
            # channels_redis blocks waiting for an event: a quiet socket's consumer then
            # died with "Timeout reading". Reads may wait longer than that block.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "capacity": CHANNEL_CAPACITY,
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hamdel",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": CHANNEL_CAPACITY},
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hamdel",
        "filename": str(HOME / "huey.db"),
        "immediate": False,
    }

EMAIL_BACKEND = env_str("HAMDEL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The SMTP server replies and password-reset mail go out through, with
# HAMDEL_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (docs/operations.md).
EMAIL_HOST = env_str("HAMDEL_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("HAMDEL_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("HAMDEL_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("HAMDEL_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HAMDEL_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("HAMDEL_SMTP_SSL", False)
DEFAULT_FROM_EMAIL = env_str("HAMDEL_MAIL_FROM", "support@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "hamdel.text.logfilter.RedactingFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
    },
}
