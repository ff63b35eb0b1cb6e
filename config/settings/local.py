"""Development on one machine: embedded SQLite under var/, a fixed development PII key."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-production"  # noqa: S105
PII_KEY = PII_KEY or ["dev-only-pii-key-not-for-production"]
