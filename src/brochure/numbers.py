"""Numbers, percentages and dates in the reader's locale (Babel): 25,000 / 25.000 / 25 000."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent


@dataclass(frozen=True)
class Numbers:
    language: str

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language.replace("-", "_"))

    def number(self, value: float, decimals: int | None = None) -> str:
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 1
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def more_than(self, value: float) -> str:
        return self.number(value) + "+"

    def percent(self, value: float) -> str:
        """`value` in per cent (13.5 -> "13.5%" in en, "13,5 %" in de)."""
        # The locale's own pattern (spacing, sign position), keeping the decimals the value has.
        return format_percent(value / 100, locale=self.locale, decimal_quantization=False)

    def ordinal_rank(self, rank: int) -> str:
        return f"#{rank}"

    def month(self, day: dt.date) -> str:
        return format_skeleton("yMMMM", day, locale=self.locale)

    def listing(self, items: list[str]) -> str:
        """Names as one phrase in the reader's language: "A, B, C and D", "A, B, C et D", "A、B、C、D"."""
        from babel.lists import format_list

        # Plain "en" is British English here (as its hyphenation): no serial comma.
        return format_list(items, locale="en_GB" if self.language == "en" else self.locale)
