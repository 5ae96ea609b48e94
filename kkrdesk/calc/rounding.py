"""Rounding to whole kroner, the two ways the secretariat needs.

`half-up` rounds each row on its own as the KKR papers print it (2.608.562,5 → 2.608.563), so the rows
may miss the total by a few kroner; `largest-remainder` floors every row and hands the missing kroner to the
rows with the largest fractions, so the rows add up to the (rounded) total exactly. Python's round() rounds
half to even and must never be used for money.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HALF_UP = "half-up"
LARGEST_REMAINDER = "largest-remainder"
POLICIES = (HALF_UP, LARGEST_REMAINDER)
POLICY_NAMES = {HALF_UP: "Hver række afrundes (som i sagerne)",
                LARGEST_REMAINDER: "Største rest (rækkerne summer præcist)"}

ONE = Decimal(1)


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Half away from zero, like Excel's ROUND: 2608562.5 → 2608563, -0.5 → -1."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def check_policy(policy: str) -> str:
    from kkrdesk.errors import UserError

    if policy not in POLICIES:
        raise UserError(f"Ukendt afrunding '{policy}'. Vælg {' eller '.join(POLICIES)}.")
    return policy


def largest_remainder(exact: Sequence[Decimal], target: Decimal | None = None) -> list[Decimal]:
    """Whole kroner that add up to `target` (default: the exact sum rounded half up).

    Ties in the fraction go to the larger exact value, then to the earlier row, so a result never depends
    on anything but the input order.
    """
    values = [Decimal(v) for v in exact]
    if not values:
        return []
    if target is None:
        target = round_half_up(sum(values, Decimal(0)))
    floors = [v.to_integral_value(rounding=ROUND_FLOOR) for v in values]
    missing = int(target - sum(floors, Decimal(0)))
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), -values[i], i))
    result = list(floors)
    if missing >= 0:
        for k in range(missing):
            result[order[k % len(order)]] += 1
    else:
        # A target below the floors (only with a caller-given target): take from the smallest fractions.
        for k in range(-missing):
            result[order[-1 - (k % len(order))]] -= 1
    return result


def apportion(exact: Sequence[Decimal], policy: str = HALF_UP,
              target: Decimal | None = None) -> list[Decimal]:
    """Round a column of exact amounts to whole kroner by the chosen policy."""
    check_policy(policy)
    if policy == HALF_UP:
        return [round_half_up(v) for v in exact]
    return largest_remainder(exact, target)
