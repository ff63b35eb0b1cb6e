"""The vocabulary of universal benefits (普惠服务): claim campaigns whose members claim
items online and receive vouchers, and the federation's group purchasing (团购) for member
firms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# the most vouchers one member may claim in a campaign (a campaign sets 1 to this)
PER_MEMBER_LIMIT_MAX = 10
# stock rows one item's stock is split over: claims take from a random row first, so
# concurrent claims of one item rarely wait for each other (services/claims.py)
STOCK_SHARDS_MAX = 64
# a voucher's code: Crockford's base 32 (no I, L, O, U), 12 characters = 60 random bits
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class ItemKind(models.TextChoices):
    FOOD = "food", _("食品（馒头、福筒等）")
    MOVIE = "movie", _("电影券")
    LAUNDRY = "laundry", _("洗衣券")
    MASK = "mask", _("口罩等防护用品")
    RELIEF = "relief", _("扶贫产品")
    COUPON = "coupon", _("慰问券")
    OTHER = "other", _("其他")


class Eligibility(models.TextChoices):
    """Who of the active members in the campaign's subtree may claim."""

    ALL = "all", _("全体在会会员")
    EMPLOYMENT = "employment", _("指定用工形式或平台的会员（如一线新就业形态劳动者）")
    HARDSHIP = "hardship", _("在档困难职工")


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", _("未使用")
    REDEEMED = "redeemed", _("已核销")
    EXPIRED = "expired", _("已过期")
    VOID = "void", _("已作废")


class Channel(models.TextChoices):
    PORTAL = "portal", _("会员网页")
    API = "api", _("小程序/接口")
