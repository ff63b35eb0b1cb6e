"""Group purchasing (团购): the federation offers scarce supplies (a product of a supplier,
its unit, price and the quantity available) and member firms order through their union,
within a per-firm limit while stock lasts.

The database holds the invariants the order service keeps (``services/purchasing.py``
says how): an offer's ``remaining`` never goes below zero nor above its quantity (CHECK);
a firm has one live order per offer (UNIQUE (offer, entity) among the orders not
cancelled), of at least one unit and at most ``allowed``, the offer's per-firm limit
copied onto the row so that a CHECK can see it. An order keeps the business days of its
steps (placed, confirmed, delivered, paid, cancelled; CHECKs keep them in order), given by
staff for a purchase recorded after the fact: the figures count by them. Its quantity
changes only while it is placed: what was confirmed is what counts.

Scoping: an offer belongs to the node offering it (the federation); the staff of the nodes
below it see it once it is no longer a draft (they order from it), the staff of the node
and above manage it. An order belongs to the firm's union at the time of ordering. A
supplier's accounts see the offers of their supplier and the orders of those offers."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import TimeStampedModel
from gonghui.core.scoping import Actor, ScopedQuerySet, paths_q


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("接受订购")
    CLOSED = "closed", _("已截止")
    CANCELLED = "cancelled", _("已取消")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("已下单")
    CONFIRMED = "confirmed", _("已确认")
    DELIVERED = "delivered", _("已送货")
    PAID = "paid", _("已付款")
    CANCELLED = "cancelled", _("已取消")


class Unit(models.TextChoices):
    BARREL = "barrel", _("桶")
    BOX = "box", _("盒")
    BOTTLE = "bottle", _("瓶")
    BAG = "bag", _("袋")
    PIECE = "piece", _("件")


# the states of an offer the nodes below the offering node see (they order from it)
PUBLISHED = (OfferStatus.OPEN, OfferStatus.CLOSED, OfferStatus.CANCELLED)
# the orders that hold stock (cancelled ones gave it back)
LIVE = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.DELIVERED, OrderStatus.PAID)
# the orders the figures count: the federation has confirmed them with the supplier
COUNTED = (OrderStatus.CONFIRMED, OrderStatus.DELIVERED, OrderStatus.PAID)
QUANTITY_MAX = 1_000_000
PRICE_MAX = Decimal("99999999.99")


def _ancestors(paths: list[str]) -> set[int]:
    return {int(part) for path in paths for part in path.rstrip(".").split(".") if part}


class OfferQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def subtree_condition(self, paths: list[str]) -> Q:
        """The offers of the nodes of ``paths`` and below, and the published offers of
        the nodes above them (a union's staff order from the federation's offer)."""
        above = Q(organization__in=_ancestors(paths), status__in=PUBLISHED)
        return paths_q(self.scope_path_field, paths) | (above if paths else Q(pk__in=[]))

    def assignee_condition(self, actor: Actor) -> Q | None:
        """A supplier's account reaches the offers of its supplier."""
        return Q(supplier__accounts=actor.pk)


class Offer(TimeStampedModel):
    number = models.CharField(_("团购编号"), max_length=20, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("发起单位"),
        on_delete=models.PROTECT,
        related_name="group_offers",
    )
    product = models.CharField(_("产品名称"), max_length=100)
    supplier = models.ForeignKey(
        "benefits.Supplier",
        verbose_name=_("供应商"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices)
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(_("可供数量"))
    remaining = models.IntegerField(_("剩余数量"))
    per_firm_limit = models.PositiveIntegerField(_("每家单位限购"))
    opens_at = models.DateTimeField(_("开始订购时间"))
    closes_at = models.DateTimeField(_("截止订购时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("团购")
        verbose_name_plural = _("团购")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0), name="group_offer_remaining_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(remaining__lte=models.F("quantity")),
                name="group_offer_remaining_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="group_offer_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(per_firm_limit__gte=1), name="group_offer_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gt=0), name="group_offer_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="group_offer_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="group_offer_open_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.product}"

    @property
    def ordered(self) -> int:
        """The units the live orders hold."""
        return self.quantity - self.remaining


class OrderQuerySet(ScopedQuerySet):
    # staff reach the orders of the firms of their subtree's unions
    scope_path_field = "union__path"

    def assignee_condition(self, actor: Actor) -> Q | None:
        """A supplier's account reaches the orders of its supplier's offers."""
        return Q(offer__supplier__accounts=actor.pk)


class Order(TimeStampedModel):
    offer = models.ForeignKey(
        Offer, verbose_name=_("团购"), on_delete=models.PROTECT, related_name="orders"
    )
    entity = models.ForeignKey(
        "organizations.LegalEntity",
        verbose_name=_("订购单位"),
        on_delete=models.PROTECT,
        related_name="group_orders",
    )
    # the firm's union when it ordered: scoping and statistics
    union = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所在工会"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("数量"))
    # the offer's per-firm limit when the order was placed
    allowed = models.PositiveIntegerField(_("限购数量"))
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.PLACED
    )
    placed_at = models.DateTimeField(_("下单时间"))
    placed_on = models.DateField(_("下单日期"))
    # the business days of the order's steps (a purchase recorded after the fact gives
    # them; otherwise the day each step was taken): the figures count by them
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("取消日期"), null=True, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delivery_number = models.CharField(_("送货单号"), max_length=20, blank=True)
    delivered_on = models.DateField(_("送货日期"), null=True, blank=True)
    paid_on = models.DateField(_("付款日期"), null=True, blank=True)
    payment_reference = models.CharField(_("付款凭证号"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("团购订单")
        verbose_name_plural = _("团购订单")
        ordering = ["offer", "placed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "entity"],
                condition=~Q(status=OrderStatus.CANCELLED),
                name="group_order_one_per_firm",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="group_order_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity__lte=models.F("allowed")),
                name="group_order_within_firm_limit",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="group_order_amount_not_negative"
            ),
            models.UniqueConstraint(
                fields=["delivery_number"],
                condition=~Q(delivery_number=""),
                name="group_order_delivery_number_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[OrderStatus.DELIVERED, OrderStatus.PAID])
                    & Q(delivered_on__isnull=False)
                    & ~Q(delivery_number="")
                )
                | ~Q(status__in=[OrderStatus.DELIVERED, OrderStatus.PAID]),
                name="group_order_delivered_has_note",
            ),
            models.CheckConstraint(
                condition=Q(status=OrderStatus.PAID, paid_on__isnull=False)
                | ~Q(status=OrderStatus.PAID),
                name="group_order_paid_has_day",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_on__isnull=True) | Q(confirmed_on__gte=F("placed_on")),
                name="group_order_confirmed_after_placed",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(confirmed_on__isnull=False, delivered_on__gte=F("confirmed_on")),
                name="group_order_delivered_after_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True)
                | Q(delivered_on__isnull=False, paid_on__gte=F("delivered_on")),
                name="group_order_paid_after_delivered",
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "status"], name="group_order_offer_idx"),
            models.Index(fields=["placed_on"], name="group_order_placed_idx"),
            models.Index(fields=["confirmed_on"], name="group_order_confirmed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.offer.number} {self.entity.name}"

    @property
    def organization_id(self) -> int:
        """The node the order belongs to (audit entries): the firm's union then."""
        return int(self.union_id)
