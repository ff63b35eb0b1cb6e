"""The bargaining report (``core.reports``), declared beside its figures; importing the
module registers it."""

from gonghui.bargaining import statistics  # noqa: F401
