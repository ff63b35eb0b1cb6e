"""Suppliers and their sign-in accounts: the federation (or a node holding
``benefits.manage``) registers a supplier and gives its cashiers accounts holding the
supplier role, which reach only the vouchers of the items the supplier supplies."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import BENEFITS_MANAGE, Role
from gonghui.accounts.services import assignment_grant, user_create
from gonghui.benefits.models import Supplier
from gonghui.core import audit, pii, rules
from gonghui.core.models import AuditAction
from gonghui.core.scoping import Actor, require
from gonghui.organizations.models import Organization

SUPPLIER_FIELDS = ("name", "credit_code", "contact_name", "phone", "address", "active")


def _fields(data: dict[str, Any]) -> dict[str, Any]:
    errors = rules.Errors()
    clean: dict[str, Any] = {
        "name": errors.check(
            rules.required_text, data.get("name"), "name", label=_("名称"), max_length=120
        ),
        "contact_name": str(data.get("contact_name") or "").strip()[:50],
        "address": str(data.get("address") or "").strip()[:200],
        "active": bool(data.get("active", True)),
    }
    code = "".join(str(data.get("credit_code") or "").split()).upper()
    if code and len(code) != 18:
        errors.add("credit_code", _("统一社会信用代码应为 18 位"))
    clean["credit_code"] = code
    phone = data.get("phone") or ""
    clean["phone"] = (
        errors.check(rules.normalized, pii.normalize_phone, phone, "phone") if phone else ""
    )
    errors.raise_any()
    return clean


def _save(supplier: Supplier) -> None:
    try:
        with transaction.atomic():
            supplier.save()
    except IntegrityError:
        raise ValidationError({"name": _("已登记同名供应商")}) from None


@transaction.atomic
def supplier_create(*, actor: Actor, organization: Organization, **data: Any) -> Supplier:
    require(actor, BENEFITS_MANAGE, organization)
    supplier = Supplier(organization=organization, **_fields(data))
    _save(supplier)
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=supplier, after=audit.snapshot(supplier)
    )
    return supplier


@transaction.atomic
def supplier_change(*, actor: Actor, supplier: Supplier, **data: Any) -> Supplier:
    require(actor, BENEFITS_MANAGE, supplier)
    before = audit.snapshot(supplier)
    current = {name: getattr(supplier, name) for name in SUPPLIER_FIELDS}
    for name, value in _fields({**current, **data}).items():
        setattr(supplier, name, value)
    _save(supplier)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=supplier,
        before=before,
        after=audit.snapshot(supplier),
    )
    return supplier


@transaction.atomic
def supplier_account_create(
    *, actor: Actor, supplier: Supplier, username: str, password: str, display_name: str = ""
) -> User:
    """A new sign-in account for the supplier's cashier, holding the supplier role at the
    supplier's node (reaching only the supplier's vouchers)."""
    require(actor, BENEFITS_MANAGE, supplier)
    name = rules.required_text(username, "username", label=_("用户名"), max_length=150)
    user = user_create(
        actor=actor, username=name, password=password, display_name=display_name.strip()[:50]
    )
    assignment_grant(actor=actor, user=user, organization=supplier.organization, role=Role.SUPPLIER)
    supplier.accounts.add(user)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=supplier,
        changes={"accounts": [None, user.username]},
        message=_("新增核销账户 %(user)s") % {"user": user.username},
    )
    return user


@transaction.atomic
def supplier_account_disable(*, actor: Actor, supplier: Supplier, user: User) -> None:
    """The account can no longer sign in or redeem; its past redemptions keep its name."""
    require(actor, BENEFITS_MANAGE, supplier)
    if not supplier.accounts.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("该账户不是本供应商的核销账户")})
    supplier.accounts.remove(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=supplier,
        changes={"accounts": [user.username, None]},
        message=_("停用核销账户 %(user)s") % {"user": user.username},
    )
