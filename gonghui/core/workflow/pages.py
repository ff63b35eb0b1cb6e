"""What a staff page shows of a workflow: the steps the user may take now, each with its
unbound input form posting to the step's page (``core/_actions.html``)."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from gonghui.core.scoping import Visitor
from gonghui.core.workflow.engine import available


@dataclass(frozen=True)
class Offer:
    name: str
    label: Any
    url: str
    form: Any
    submit: Any


def offers(actor: Visitor, obj: Any) -> list[Offer]:
    """The action forms of ``obj``'s staff page, from ``available`` alone."""
    shown = []
    for step in available(actor, obj):
        if not step.url:
            continue
        form = None
        if step.input is not None:
            kwargs = step.form_kwargs(obj) if step.form_kwargs else {}
            form = step.input(auto_id=f"{step.name}_%s", **kwargs)
        url = reverse(step.url, args=step.url_args(obj))
        shown.append(Offer(step.name, step.label, url, form, step.submit or step.label))
    return shown
