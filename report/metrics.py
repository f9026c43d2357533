"""The metric definitions: the one place where a ratio is defined.

Every screen, export and test reads CTR, CPC, ... from here so that two charts can never
disagree about what a number means. The definitions follow DESIGN §8:

* CTR = clicks / impressions
* CPC = spend / clicks
* CPM = spend / impressions x 1000
* CPL = spend / leads
* CPA = spend / conversions
* engagement rate = (clicks + likes + comments + shares + follows) / impressions
* social rate = (likes + comments + shares + follows) / impressions
* conversion rate = conversions / clicks

A ratio whose denominator is zero is ``None`` (shown as "—"), never 0: "no clicks" and
"clicks cost nothing" are different statements. Money never goes through float: spend
is an integer number of micro-units and money ratios are exact ``Decimal`` micro-units
(``cpc_micros``), so a CPC is formatted with the same helper as a spend.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_EVEN, Context, Decimal

# A private context: the result of a division must not depend on whatever some other
# code did to the thread's global decimal context.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

Number = int | Decimal


def ratio(numerator: Number, denominator: Number) -> Decimal | None:
    """``numerator / denominator`` as an exact Decimal, or None when the denominator is 0."""
    if denominator == 0:
        return None
    return _CONTEXT.divide(Decimal(numerator), Decimal(denominator))


def ctr(clicks: int, impressions: int) -> Decimal | None:
    """Click-through rate, a fraction (0.0123 is 1.23 %)."""
    return ratio(clicks, impressions)


def cpc_micros(spend_micros: int, clicks: int) -> Decimal | None:
    """Cost per click in micro-units of the spend's currency."""
    return ratio(spend_micros, clicks)


def cpm_micros(spend_micros: int, impressions: int) -> Decimal | None:
    """Cost per thousand impressions in micro-units of the spend's currency."""
    return ratio(spend_micros * 1000, impressions)


def cpl_micros(spend_micros: int, leads: int) -> Decimal | None:
    """Cost per lead (LinkedIn lead-gen form submission) in micro-units."""
    return ratio(spend_micros, leads)


def cpa_micros(spend_micros: int, conversions: int) -> Decimal | None:
    """Cost per website conversion in micro-units."""
    return ratio(spend_micros, conversions)


def engagement_rate(
    clicks: int, likes: int, comments: int, shares: int, follows: int, impressions: int
) -> Decimal | None:
    """Share of impressions that led to a click or a social action."""
    return ratio(clicks + likes + comments + shares + follows, impressions)


def social_rate(
    likes: int, comments: int, shares: int, follows: int, impressions: int
) -> Decimal | None:
    """Share of impressions that led to a social action (no clicks): a resonance signal."""
    return ratio(likes + comments + shares + follows, impressions)


def conversion_rate(conversions: int, clicks: int) -> Decimal | None:
    """Website conversions per click."""
    return ratio(conversions, clicks)


@dataclass(frozen=True)
class Totals:
    """Summed delivery of some slice of the data, in one currency.

    ``spend_micros`` is in the currency of the result that holds these totals (see
    ``report.scope.MoneyBasis``); Totals itself never mixes currencies because the
    query that builds it picks one spend column for all rows.
    """

    impressions: int = 0
    clicks: int = 0
    spend_micros: int = 0
    landing_page_clicks: int = 0
    conversions: int = 0
    leads: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    follows: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def is_zero(self) -> bool:
        """True when nothing at all was delivered or spent."""
        return all(getattr(self, f.name) == 0 for f in fields(self))

    @property
    def ctr(self) -> Decimal | None:
        return ctr(self.clicks, self.impressions)

    @property
    def cpc_micros(self) -> Decimal | None:
        return cpc_micros(self.spend_micros, self.clicks)

    @property
    def cpm_micros(self) -> Decimal | None:
        return cpm_micros(self.spend_micros, self.impressions)

    @property
    def cpl_micros(self) -> Decimal | None:
        return cpl_micros(self.spend_micros, self.leads)

    @property
    def cpa_micros(self) -> Decimal | None:
        return cpa_micros(self.spend_micros, self.conversions)

    @property
    def engagement_rate(self) -> Decimal | None:
        return engagement_rate(
            self.clicks, self.likes, self.comments, self.shares, self.follows, self.impressions
        )

    @property
    def social_rate(self) -> Decimal | None:
        return social_rate(self.likes, self.comments, self.shares, self.follows, self.impressions)

    @property
    def conversion_rate(self) -> Decimal | None:
        return conversion_rate(self.conversions, self.clicks)
