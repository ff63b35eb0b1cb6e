from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import PII_VIEW, STAFF_ROLES, Role, roles_granting
from gonghui.core.fields import BlindIndexField, EncryptedTextField, PhoneField

# Names of member accounts (opaque, see members.services.signin.new_member_username):
# reserved, a staff account cannot take one.
MEMBER_USERNAME_PREFIX = "m_"


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = PhoneField(_("手机号"), blank=True)
    phone_index = BlindIndexField(source="phone", null=True, blank=True, db_index=True)
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_index = BlindIndexField(source="id_number", null=True, blank=True, unique=True)
    language = models.CharField(
        _("界面语言"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def scope_paths(self, action: str, roles: frozenset[str] | None = None) -> list[str]:
        """Materialised paths of the subtrees where this user may perform ``action``
        (through assignments of ``roles`` only, when given)."""
        cache: dict[Any, list[str]] = self.__dict__.setdefault("_scope_cache", {})
        key = (action, roles)
        if key not in cache:
            cache[key] = _outermost(
                [
                    a.organization.path
                    for a in self._assignments()
                    if a.grants(action) and (roles is None or a.role in roles)
                ]
            )
        return cache[key]

    def holds_role(self, role: str) -> bool:
        return any(a.role == role for a in self._assignments())

    def has_action(self, action: str) -> bool:
        return self.is_superuser or bool(self.scope_paths(action))

    @property
    def is_union_staff(self) -> bool:
        return self.is_superuser or any(a.role in STAFF_ROLES for a in self._assignments())

    def _assignments(self) -> list["Assignment"]:
        if "_assignments_cache" not in self.__dict__:
            self.__dict__["_assignments_cache"] = list(
                self.assignments.select_related("organization")
            )
        return self.__dict__["_assignments_cache"]

    def forget_scope(self) -> None:
        self.__dict__.pop("_assignments_cache", None)
        self.__dict__.pop("_scope_cache", None)


class Assignment(models.Model):
    """A user serves a node of the organisation tree in a role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("服务的组织"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    can_view_personal_data = models.BooleanField(_("可查看个人信息"), default=False)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="assignment_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def grants(self, action: str) -> bool:
        if action == PII_VIEW:
            return self.can_view_personal_data and self.role in STAFF_ROLES
        return self.role in roles_granting(action)
