"""What the full demo aims at: the only module that knows the reports' figures (the
statistics code never does). The 2020 report: congress systems and collective contracts
in 94% of the unionised firms and in 95% of those of 100 people or more, read on the day
the report's organisation figures were taken (the end of October 2020)."""

from datetime import date

REPORT_DAY = date(2020, 10, 31)
ALL_SHARE = 0.94
LARGE_SHARE = 0.95
LARGE = 100


def covered_counts(total: int, large: int) -> tuple[int, int]:
    """How many firms of 100 or more and how many smaller ones to cover, so that both
    shares round to the report's figures."""
    large_covered = round(large * LARGE_SHARE)
    all_covered = round(total * ALL_SHARE)
    return large_covered, max(all_covered - large_covered, 0)
