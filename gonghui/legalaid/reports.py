"""The legal-aid report (``core.reports``), declared beside its figures; importing the
module registers it."""

from gonghui.legalaid import statistics  # noqa: F401
