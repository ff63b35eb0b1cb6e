"""What a model declares to accept attachments, and how a record is named in a URL."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model


@dataclass(frozen=True)
class AttachmentRules:
    """Declared on a model as ``attachment_rules``: ``view_action`` to list and download,
    ``upload_action`` to add, ``kinds`` the (value, label) pairs it accepts, and
    ``organization`` the node a record belongs to (audit and scope path).
    ``owner_may_add``: whether the record's owner (a member, by the model's owner rule)
    may still add files to it in its present state (``services.attachment_upload_own``);
    None, the default: owners never upload."""

    view_action: str
    upload_action: str
    kinds: tuple[tuple[str, Any], ...]
    organization: Callable[[Any], Any]
    owner_may_add: Callable[[Any], bool] | None = None

    def kind_label(self, kind: str) -> str:
        return str(dict(self.kinds).get(kind, kind))


def rules_for(model: type[Model]) -> AttachmentRules:
    rules = getattr(model, "attachment_rules", None)
    if not isinstance(rules, AttachmentRules):
        raise LookupError(f"{model._meta.label} accepts no attachments")
    return rules


def model_key(model: type[Model]) -> str:
    """How a URL names the model: its ``app_label.model_name``."""
    return str(model._meta.label_lower)


def model_for(key: str) -> type[Model]:
    """The model a URL names; LookupError when it is unknown or accepts no attachments."""
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError) as exc:
        raise LookupError(key) from exc
    rules_for(model)
    return model
