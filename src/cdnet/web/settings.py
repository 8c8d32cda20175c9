"""Django settings. What a deployment changes comes from the environment (docs/settings.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

from cdnet import config

BASE_DIR = Path(__file__).resolve().parent
HOME = config.ensure_home()

SECRET_KEY = config.secret_key()
DEBUG = os.environ.get("CDNET_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CDNET_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CDNET_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_URL = os.environ.get("CDNET_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "cdnet.network",
    "cdnet.cases",
    "cdnet.dispatch",
    "cdnet.evidence",
    "cdnet.audit",
    "cdnet.search",
    "cdnet.impact",
    "cdnet.reports",
    "cdnet.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cdnet.web.urls"
WSGI_APPLICATION = "cdnet.web.wsgi.application"

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

_db_url = os.environ.get("DATABASE_URL", "")
DATABASES: dict[str, Any] = {
    "default": dj_database_url.parse(_db_url, conn_max_age=60)
    if _db_url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HOME / "cdnet.sqlite3")}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "cdnet.web.auth.ClosedSignupAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = HOME / "media"
EVIDENCE_ROOT = HOME / "evidence"
# The evidence fetcher refuses private, loopback and link-local addresses unless this is on.
EVIDENCE_ALLOW_PRIVATE = os.environ.get("CDNET_EVIDENCE_ALLOW_PRIVATE", "") == "1"
EVIDENCE_MAX_UPLOAD_BYTES = int(os.environ.get("CDNET_EVIDENCE_MAX_UPLOAD_MB", "50")) << 20
EVIDENCE_FETCH_TIMEOUT = int(os.environ.get("CDNET_EVIDENCE_FETCH_TIMEOUT", "20"))
CHROMIUM_PATH = os.environ.get("CDNET_CHROMIUM", "/usr/bin/chromium")
DATASETS_ROOT = HOME / "datasets"
CDNET_MAX_UPLOAD_MB = int(os.environ.get("CDNET_MAX_UPLOAD_MB", "512"))

# Outgoing e-mail: every alert delivery goes through this SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("CDNET_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("CDNET_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CDNET_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CDNET_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CDNET_SMTP_STARTTLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("CDNET_SMTP_SSL", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("CDNET_SMTP_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("CDNET_MAIL_FROM", "cdnet alerts <alerts@cdnet.invalid>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CDNET_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# The worker and the outbox (docs/dispatch.md).
CDNET_WORKER_POLL_SECONDS = float(os.environ.get("CDNET_WORKER_POLL_SECONDS", "5"))
CDNET_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("CDNET_DELIVERY_MAX_ATTEMPTS", "6"))
CDNET_DELIVERY_BACKOFF_SECONDS = float(os.environ.get("CDNET_DELIVERY_BACKOFF_SECONDS", "30"))
CDNET_DELIVERY_BACKOFF_MAX_SECONDS = float(
    os.environ.get("CDNET_DELIVERY_BACKOFF_MAX_SECONDS", "21600")
)
CDNET_WORKER_LEASE_SECONDS = float(os.environ.get("CDNET_WORKER_LEASE_SECONDS", "300"))
CDNET_WEBHOOK_TIMEOUT = float(os.environ.get("CDNET_WEBHOOK_TIMEOUT", "10"))

# Acknowledgement links and reminders (docs/dispatch.md).
CDNET_ACK_MAX_AGE_DAYS = int(os.environ.get("CDNET_ACK_MAX_AGE_DAYS", "30"))
CDNET_ACK_REMIND_AFTER_DAYS = int(os.environ.get("CDNET_ACK_REMIND_AFTER_DAYS", "3"))

# Background work (deliveries, reminders, re-checks): django-tasks with its database backend;
# `cdnet worker` runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
