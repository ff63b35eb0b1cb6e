"""The assistance reports (``core.reports``): each area declares its report beside its
figures in ``assistance.statistics``; importing them registers them."""

from gonghui.assistance.statistics import aid, campaigns, files, funds  # noqa: F401
