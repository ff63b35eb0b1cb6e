"""The staff page of one workflow step (the ``url`` of its declaration): the step's input
form, built with the step's ``form_kwargs`` for the object; posting calls the service that
takes the step through the engine, and a refusal is shown on the form. The action, the
title and the submit label are the step's, so a page cannot drift from the declaration."""

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import Http404

from gonghui.core.views import ServiceFormView
from gonghui.core.workflow.declarations import Step, workflow_for
from gonghui.core.workflow.engine import take


class StepView(ServiceFormView):
    """Subclasses name the ``model`` and the ``step_name``, and say how the cleaned data
    calls the service (``call_service``) and where the object's page is (``object_url``).
    ``form_class`` serves a step whose input the page builds itself (with a formset)."""

    step_name: str = ""
    # one page for every step of the workflow whose declaration says ``url_names_step``:
    # the step is the URL's ``step``; a step the declaration does not offer there is 404
    step_from_url = False
    success_message: Any = ""
    object_name = "object"  # the object's name in the template context

    @cached_property
    def step(self) -> Step:
        workflow = workflow_for(self.model)
        if not self.step_from_url:
            return workflow.step(self.step_name)
        name = str(self.kwargs.get("step", ""))
        for step in workflow.steps:
            if step.name == name and step.url_names_step and step.url:
                return step
        raise Http404

    def take_step(self, data: dict[str, Any]) -> Any:
        """Take the page's step on its object with the form's data (the form's fields are
        the step's apply arguments): what ``call_service`` does when nothing else is
        needed."""
        return take(self.actor, self.subject, self.step.name, **data)

    @property
    def action(self) -> str:  # type: ignore[override]
        return self.step.action

    @property
    def title(self) -> Any:
        return self.step.label

    @property
    def submit_label(self) -> Any:
        return self.step.submit or self.step.label

    @cached_property
    def subject(self) -> Any:
        return self.get_object()

    def get_form_class(self) -> Any:
        return self.step.input or super().get_form_class()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.step.form_kwargs is not None:
            kwargs.update(self.step.form_kwargs(self.subject))
        return kwargs

    def call_service(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def success_text(self, result: Any) -> str:
        return str(self.success_message)

    def perform(self, form: Any) -> Any:
        result = self.call_service(form.cleaned_data)
        text = self.success_text(result)
        if text:
            messages.success(self.request, text)
        return result

    def object_url(self, pk: Any) -> str:
        raise NotImplementedError

    def success_url_for(self, result: Any) -> str:
        return self.object_url(self.subject.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {self.object_name: self.subject, "cancel_url": self.object_url(self.subject.pk)}
        )
        return context
