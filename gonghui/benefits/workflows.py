"""The workflows of universal benefits, declared in the one engine: campaigns
(``workflows_campaigns.py``) and group-purchase orders (``workflows_purchasing.py``)."""

from gonghui.benefits import workflows_campaigns, workflows_purchasing

__all__ = ["workflows_campaigns", "workflows_purchasing"]
