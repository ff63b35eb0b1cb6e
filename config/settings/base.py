"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The embedded SQLite: concurrent writers wait for each other instead of failing with
# "database is locked". WAL lets readers run beside the writer; IMMEDIATE takes the write
# lock when a transaction begins (a deferred one that later writes cannot wait: it fails
# at once); the busy timeout is how long a writer waits, in seconds.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
# PostgreSQL: the statements the code prepares on purpose (the hot paths, e.g. a claim's
# read, with psycopg's ``prepare=True``) are planned once per connection. Django turns
# psycopg's prepared statements off (``prepare_threshold`` None) unless told; a threshold
# never reached keeps the ORM's queries unprepared (they are bound on the client anyway)
# while honouring ``prepare=True``. The generic plan is forced for those statements:
# PostgreSQL's default plans the first executions for their values and keeps doing so
# when the generic plan is not estimated cheaper (1 ms of planning per claim's read).
# Behind a pooler that cannot keep prepared statements or startup options (PgBouncer in
# transaction mode), DATABASE_PREPARED_STATEMENTS=false turns both off: claims then plan
# their read every time, correct but slower.
POSTGRES_OPTIONS = (
    {"prepare_threshold": 2**31 - 1, "options": "-c plan_cache_mode=force_generic_plan"}
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
    else {}
)


def database_options(database: dict[str, Any]) -> dict[str, Any]:
    """``database`` with the options of its engine (above) under its own; PostgreSQL's
    ``options`` (server settings) are joined, not replaced."""
    engine = database["ENGINE"]
    extra: dict[str, Any] = (
        SQLITE_OPTIONS
        if engine.endswith("sqlite3")
        else POSTGRES_OPTIONS
        if "postgresql" in engine
        else {}
    )
    own = dict(database.get("OPTIONS", {}))
    if "options" in extra and "options" in own:
        own["options"] = f"{extra['options']} {own['options']}"
    return {**database, "OPTIONS": {**extra, **own}}


DATABASES["default"] = database_options(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.organizations",
    "gonghui.members",
    "gonghui.portal",
    "gonghui.disputes",
    "gonghui.assistance",
    "gonghui.legalaid",
    "gonghui.hotline",
    "gonghui.bargaining",
    "gonghui.benefits",
    "gonghui.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gonghui.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gonghui.core.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login protection (django-axes): lock a username+address after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.lockout.lockout_response"
# Password spraying: an address is also locked out, whatever the usernames it tries, after
# 30 failures within 15 minutes (gonghui.accounts.lockout.AddressLimitHandler).
AXES_HANDLER = "gonghui.accounts.lockout.AddressLimitHandler"
SIGN_IN_FAILURES_PER_ADDRESS = 30
SIGN_IN_ADDRESS_WINDOW = timedelta(minutes=15)

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# The request id of the audit log and the logs is generated here, unless a proxy in front
# sets one in this header (the proxy must overwrite whatever the client sent in it).
TRUSTED_REQUEST_ID_HEADER = env("TRUSTED_REQUEST_ID_HEADER", default="")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gonghui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "gonghui" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Uploaded rosters and error reports: encrypted with the PII keys, outside MEDIA_ROOT, never
# served as files; deleted UPLOAD_RETENTION_DAYS after the upload by the members housekeeping.
PRIVATE_FILES_ROOT = env.path("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private"))
UPLOAD_RETENTION_DAYS = env.int("UPLOAD_RETENTION_DAYS", default=30)
# Attachments (core.attachments): the largest file accepted, in bytes; kept until deleted.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "gonghui.core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL) or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A worker child that grew past this resident size (KiB) after a task is replaced, and a task
# that runs past the time limits is stopped: one bad upload cannot hold a worker forever.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_048_576
)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=20 * 60)
# Periodic work, run by ``celery -A config beat`` (or cron calling the same commands).
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "gonghui.core.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "members-housekeeping": {
        "task": "gonghui.members.tasks.members_housekeeping",
        "schedule": crontab(minute=17),
    },
    "accounts-housekeeping": {
        "task": "gonghui.accounts.tasks.accounts_housekeeping",
        "schedule": crontab(minute=23),
    },
    "bargaining-daily": {
        "task": "gonghui.bargaining.tasks.bargaining_daily",
        "schedule": crontab(hour=7, minute=30),
    },
    "benefits-hourly": {
        "task": "gonghui.benefits.tasks.benefits_hourly",
        "schedule": crontab(minute=5),
    },
    "attachment-orphans": {
        "task": "gonghui.core.tasks.delete_attachment_orphans",
        "schedule": crontab(hour=3, minute=41),
    },
}

# Member sign-in by SMS code, and notices by SMS. Backends: console (logs the message),
# locmem (kept in gonghui.core.sms.outbox, for tests), http (a gateway: SMS_GATEWAY_URL,
# SMS_GATEWAY_TOKEN, SMS_SIGNATURE).
SMS_BACKEND = env("SMS_BACKEND", default="gonghui.core.sms.ConsoleBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_SIGNATURE = env("SMS_SIGNATURE", default="【工会服务平台】")
SMS_SEND_NOTICES = env.bool("SMS_SEND_NOTICES", default=False)

# Personal data: comma-separated keys, newest first. The first encrypts, all decrypt.
# The blind index uses PII_INDEX_KEY, or when unset a key derived from the last (oldest) PII key.
PII_KEY = env.list("PII_KEY", default=[])
PII_INDEX_KEY = env("PII_INDEX_KEY", default="")

# API tokens (django-rest-knox): a new token for every sign-in, stored as a hash, revoked
# by signing out. Staff tokens last a working day; a member's token lasts longer because it
# reaches only the member's own records and signing in again costs an SMS code (ten a day).
API_TOKEN_TTL_STAFF = timedelta(hours=env.int("API_TOKEN_TTL_STAFF_HOURS", default=10))
API_TOKEN_TTL_MEMBER = timedelta(days=env.int("API_TOKEN_TTL_MEMBER_DAYS", default=30))
API_TOKENS_PER_USER = 10  # the oldest live token goes when a sign-in would exceed it
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL_STAFF, "AUTO_REFRESH": False}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "gonghui.api.authentication.TokenOrBearerAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "gonghui.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "gonghui.api.errors.exception_handler",
    # bodies over DATA_UPLOAD_MAX_MEMORY_SIZE answer 413, JSON nested too deep 400
    "DEFAULT_PARSER_CLASSES": [
        "gonghui.api.parsers.JSONParser",
        "gonghui.api.parsers.FormParser",
        "gonghui.api.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "gonghui.api.metadata.Metadata",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gonghui API",
    "DESCRIPTION": "Service platform of a district federation of trade unions",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # several models have a ``status`` with its own choices: name each enum after its set
    "ENUM_NAME_OVERRIDES": {
        "LegalAidStatusEnum": "gonghui.legalaid.choices.Status",
        "HotlineSourceEnum": "gonghui.hotline.choices.Source",
        "MembershipSourceEnum": "gonghui.members.choices.MembershipSource",
        "TicketStatusEnum": "gonghui.hotline.choices.TicketStatus",
        "LegalAidMatterEnum": "gonghui.legalaid.choices.Matter",
        "LegalAidChannelEnum": "gonghui.legalaid.choices.Channel",
        "LegalAidOutcomeEnum": "gonghui.legalaid.choices.Outcome",
        "LegalAidStageEnum": "gonghui.legalaid.choices.StageKind",
        "UnionStatusEnum": "gonghui.organizations.choices.UnionStatus",
        "ApplicationStatusEnum": "gonghui.members.choices.ApplicationStatus",
        "MembershipStatusEnum": "gonghui.members.choices.MembershipStatus",
        "MembershipEndingStatusEnum": "gonghui.members.workflows.ENDING_STATUSES",
        "ApplicationChannelEnum": "gonghui.members.choices.Channel",
        "MediationCaseStatusEnum": "gonghui.disputes.choices.CaseStatus",
        "MediationOutcomeEnum": "gonghui.disputes.choices.Outcome",
        "ConsultationChannelEnum": "gonghui.disputes.choices.Channel",
        "ConsultationOutcomeEnum": "gonghui.disputes.choices.ConsultationOutcome",
        "ClaimKindEnum": "gonghui.disputes.choices.ClaimKind",
        "ReportValueKindEnum": "gonghui.core.reports.apis.KINDS",
        "CampaignStatusEnum": "gonghui.assistance.choices.CampaignStatus",
        "DistributionLineStatusEnum": "gonghui.assistance.choices.LineStatus",
        "FundKindEnum": "gonghui.assistance.choices.FundKind",
        "HardshipFileStatusEnum": "gonghui.assistance.choices.FileStatus",
        "HardshipTierEnum": "gonghui.assistance.choices.Tier",
        "HardshipCauseEnum": "gonghui.assistance.choices.Cause",
        "MediationTierEnum": "gonghui.disputes.choices.Tier",
        "FundEntryKindEnum": "gonghui.assistance.choices.EntryKind",
        "AidStatusEnum": "gonghui.assistance.choices.AidStatus",
        "ContractStatusEnum": "gonghui.bargaining.choices.Status",
        "ContractKindEnum": "gonghui.bargaining.choices.ContractKind",
        "CongressKindEnum": "gonghui.bargaining.choices.CongressKind",
        "CongressScopeEnum": "gonghui.bargaining.choices.CongressScope",
        "ProposalStatusEnum": "gonghui.bargaining.choices.ProposalStatus",
        "ProposalSatisfactionEnum": "gonghui.bargaining.choices.Satisfaction",
        "MediationSatisfactionEnum": "gonghui.disputes.choices.Satisfaction",
        "CampaignScopeEnum": "gonghui.assistance.choices.CampaignScope",
        "GroupOfferStatusEnum": "gonghui.benefits.models.purchasing.OfferStatus",
        "GroupOrderStatusEnum": "gonghui.benefits.models.purchasing.OrderStatus",
        "BenefitCampaignStatusEnum": "gonghui.benefits.choices.CampaignStatus",
        "VoucherStatusEnum": "gonghui.benefits.choices.VoucherStatus",
        "EmploymentKindEnum": "gonghui.members.choices.EmploymentKind",
        "PlatformEnum": "gonghui.members.choices.Platform",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gonghui.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
