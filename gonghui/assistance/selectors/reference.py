"""Reads of the assistance settings: what the settings page lists and its choices."""

from typing import Any

from django.db.models import QuerySet

from gonghui.assistance.models import (
    AidKind,
    AidRound,
    AssistancePolicy,
    Fund,
    IncomeLine,
    RequiredDocument,
)

KIND_MODEL = AidKind
DOCUMENT_MODEL = RequiredDocument


def reference_data() -> dict[str, Any]:
    return {
        "kinds": AidKind.objects.select_related("fund"),
        "rounds": AidRound.objects.select_related("kind")[:40],
        "lines": IncomeLine.objects.all(),
        "documents": RequiredDocument.objects.select_related("aid_kind"),
        "policies": AssistancePolicy.objects.all(),
    }


def funds() -> QuerySet[Fund]:
    return Fund.objects.filter(active=True)


def kinds() -> QuerySet[AidKind]:
    return AidKind.objects.all()


def round_kinds() -> QuerySet[AidKind]:
    return AidKind.objects.filter(in_rounds=True, active=True)


def kind(pk: Any) -> AidKind | None:
    return AidKind.objects.filter(pk=pk).first()


def document(pk: Any) -> RequiredDocument | None:
    return RequiredDocument.objects.filter(pk=pk).first()
