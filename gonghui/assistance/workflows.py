"""The workflows of hardship assistance, declared in the one engine (``core.workflow``):
each area's declaration lives beside it, imported here so the registry finds them."""

from gonghui.assistance import workflows_aid, workflows_campaigns, workflows_files  # noqa: F401
