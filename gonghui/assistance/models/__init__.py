"""Hardship assistance: reference data held in data (income lines, kinds of aid, rounds,
required documents), hardship files, aid applications with publication and payment,
funds with their ledgers, and condolence campaigns."""

from gonghui.assistance.models.aid import AidApplication, Objection, Publication, Receipt
from gonghui.assistance.models.campaigns import Campaign, CampaignSite, DistributionLine
from gonghui.assistance.models.files import FileStanding, HardshipFile, HouseholdMember, Standing
from gonghui.assistance.models.funds import Donation, Fund, FundEntry
from gonghui.assistance.models.reference import (
    AidKind,
    AidRound,
    AssistancePolicy,
    IncomeLine,
    RequiredDocument,
)

__all__ = [
    "AidApplication",
    "AidKind",
    "AidRound",
    "AssistancePolicy",
    "Campaign",
    "CampaignSite",
    "DistributionLine",
    "Donation",
    "FileStanding",
    "Fund",
    "FundEntry",
    "HardshipFile",
    "HouseholdMember",
    "IncomeLine",
    "Objection",
    "Publication",
    "Receipt",
    "RequiredDocument",
    "Standing",
]
