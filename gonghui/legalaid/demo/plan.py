"""What the full demo writes for the years the reports cover: the only module that knows
the reports' figures (the statistics code never does). Each year: the applications
received and accepted in it, the cases closed in it (some accepted the year before),
those won, and the money recovered for the workers, split over the cases closed."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Year:
    year: int
    accepted: int  # applications received and accepted in the year
    refused: int  # applications received and refused in the year
    closed: int  # cases closed in the year (those carried over from the year before first)
    won: int  # of the closed: won or partly won
    recovered: Decimal  # yuan recovered by the cases closed in the year


# 2020 report: 97 applicants, 88 closed, 61 won, 2.6943 million yuan recovered
# 2021 report: 224 applicants accepted, 199 closed, 3.2941 million yuan recovered
YEARS = (
    Year(2020, accepted=97, refused=0, closed=88, won=61, recovered=Decimal("2694300.00")),
    Year(2021, accepted=224, refused=6, closed=199, won=142, recovered=Decimal("3294100.00")),
)


def split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, to the yuan, summing exactly."""
    if not weights:
        return []
    whole = int(total)
    cents = total - whole
    weight = sum(weights) or 1
    parts = [whole * w // weight for w in weights]
    largest = max(range(len(weights)), key=lambda i: weights[i])  # takes what rounding left
    parts[largest] += whole - sum(parts)
    amounts = [Decimal(p) for p in parts]
    amounts[largest] += cents
    return amounts
