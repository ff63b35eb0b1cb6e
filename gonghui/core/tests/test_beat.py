import importlib
import importlib.util

from celery import current_app
from django.apps import apps
from django.conf import settings


def test_every_periodic_task_names_a_registered_task() -> None:
    for config in apps.get_app_configs():  # what the worker's autodiscovery imports
        if importlib.util.find_spec(f"{config.name}.tasks") is not None:
            importlib.import_module(f"{config.name}.tasks")

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks, entry["task"]
