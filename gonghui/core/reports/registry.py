"""The reports of the project, by name. Each app declares its reports in
``<app>/reports.py`` and registers them there; the first read of the registry imports
those modules (as the admin finds ``admin.py``), so ``core`` names no app::

    registry.register(Report(...))
    registry.all()          # every report, in the order the apps are installed
    registry.get("coverage")
    registry.for_user(user) # those the user may read somewhere (the dashboard's list)
"""

from typing import Any

from django.utils.module_loading import autodiscover_modules

from gonghui.core.reports.declarations import Report

_REPORTS: dict[str, Report] = {}
_discovered = False


class UnknownReport(LookupError):
    pass


def register(report: Report) -> Report:
    known = _REPORTS.get(report.name)
    if known is not None and known is not report:
        raise ValueError(f"a report named {report.name!r} is already registered")
    _REPORTS[report.name] = report
    return report


def _discover() -> None:
    global _discovered  # noqa: PLW0603 - imported once per process
    if not _discovered:
        _discovered = True
        autodiscover_modules("reports")


def all() -> list[Report]:  # noqa: A001 - reads as registry.all()
    _discover()
    return list(_REPORTS.values())


def get(name: str) -> Report:
    _discover()
    try:
        return _REPORTS[name]
    except KeyError as exc:
        raise UnknownReport(name) from exc


def for_user(user: Any) -> list[Report]:
    """The reports the user may read on some part of the tree."""
    return [report for report in all() if user.has_action(report.action)]
