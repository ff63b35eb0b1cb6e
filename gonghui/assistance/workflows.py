"""The workflows of hardship assistance, declared in the one engine (``core.workflow``):
hardship files and aid applications here, campaigns in ``workflows_campaigns``."""

from gonghui.assistance import workflows_campaigns  # noqa: F401
