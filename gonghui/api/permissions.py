"""Who may call an endpoint at all. Where the rows lie is the queryset's business
(``for_actor``): a user who holds the action only elsewhere passes here and gets 404."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class HoldsAction(BasePermission):
    """The signed-in user holds the view's ``action`` on some node of the tree.

    Anonymous requests fail too; DRF then answers 401 with the token challenge."""

    message = _("您没有执行此操作的权限")

    def has_permission(self, request: Request, view: Any) -> bool:
        action = getattr(view, "action", "")
        user = request.user
        if not (action and user and user.is_authenticated):
            return False
        return bool(user.has_action(action))
