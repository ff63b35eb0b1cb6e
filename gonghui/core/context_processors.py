from typing import Any

from django.http import HttpRequest

from gonghui.core.navigation import groups_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """``nav_groups``: the groups of the staff navigation; ``nav_group``: the one the page
    belongs to (its entries are the sub-navigation), or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "nav_group": None}
    groups = groups_for(user, request.path)
    current = next((group for group in groups if group["active"]), None)
    return {"nav_groups": groups, "nav_group": current}
