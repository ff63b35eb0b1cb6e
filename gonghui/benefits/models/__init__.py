from gonghui.benefits.models.campaigns import Campaign, CampaignItem, StockShard
from gonghui.benefits.models.purchasing import Offer, Order
from gonghui.benefits.models.suppliers import Supplier
from gonghui.benefits.models.vouchers import Voucher

__all__ = ["Campaign", "CampaignItem", "Offer", "Order", "StockShard", "Supplier", "Voucher"]
