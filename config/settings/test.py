"""The test suite: SQLite in memory, or PostgreSQL when TEST_DATABASE_URL is set."""

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key"  # noqa: S105
PII_KEY = ["test-pii-key-current", "test-pii-key-previous"]
PII_INDEX_KEY = ""
DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="sqlite://:memory:"),
}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"] = database_options(DATABASES["default"])  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = None
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,  # noqa: F405 - the private, encrypted default storage of base
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "zh-hans"
AXES_ENABLED = True
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
SMS_BACKEND = "gonghui.core.sms.LocmemBackend"
SMS_SEND_NOTICES = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_FILES_ROOT = BASE_DIR / "var" / "test-private"
