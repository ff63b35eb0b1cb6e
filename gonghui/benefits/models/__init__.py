from gonghui.benefits.models.campaigns import Campaign, CampaignItem, StockShard
from gonghui.benefits.models.suppliers import Supplier
from gonghui.benefits.models.vouchers import Voucher

__all__ = ["Campaign", "CampaignItem", "StockShard", "Supplier", "Voucher"]
