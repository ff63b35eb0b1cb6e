from typing import Any

from django.http import HttpRequest

from gonghui.core.navigation import modules_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_modules": []}
    return {"nav_modules": modules_for(user, request.path)}
