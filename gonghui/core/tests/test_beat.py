from celery import current_app
from django.conf import settings


def test_every_periodic_task_names_a_registered_task() -> None:
    import gonghui.accounts.tasks  # noqa: F401 - registers the tasks
    import gonghui.core.tasks  # noqa: F401
    import gonghui.members.tasks  # noqa: F401

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks, entry["task"]
