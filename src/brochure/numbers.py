"""Numbers, percentages, dates and lists in the reader's locale (Babel): 25,000 / 25.000 / 25 000;
and whether Babel knows a language and which way it is written.

Babel reads a locale's whole data file the first time a process formats for it (tens of
milliseconds for a language, more for the first), while a brochure formats a few dozen values. The
answers are kept in the build's cache folder (plain JSON, one file per Babel version, verified when
read; `attach` and `save`), so a rebuild formats from them without loading Babel's data. An answer
that does not say what was asked (other digits than the value's, a list without one of its items)
is not used: the cache can only save time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_ANSWERS = 5_000
_ANSWERS: dict[str, str] = {}
_NEW: dict[str, str] = {}
_ATTACHED: set[str] = set()


@dataclass(frozen=True)
class Numbers:
    language: str

    @property
    def locale(self):
        from babel import Locale

        return Locale.parse(self.language.replace("-", "_"))

    def number(self, value: float, decimals: int | None = None) -> str:
        """`value` with `decimals` decimals; by default as many as it was written with (2.25 is 2.25)."""
        if decimals is None:
            decimals = decimals_of(value)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")

        def babel() -> str:
            from babel.numbers import format_decimal

            return format_decimal(value, format=pattern, locale=self.locale)
        return _answer("number", self.language, (value, decimals), _digits(f"{float(value):.{decimals}f}"), babel)

    def more_than(self, value: float) -> str:
        return self.number(value) + "+"

    def percent(self, value: float) -> str:
        """`value` in per cent (13.5 -> "13.5%" in en, "13,5 %" in de)."""
        def babel() -> str:
            from babel.numbers import format_percent

            # The locale's own pattern (spacing, sign position), keeping the decimals the value has.
            return format_percent(value / 100, locale=self.locale, decimal_quantization=False)
        return _answer("percent", self.language, (value,), _digits(f"{float(value):g}"), babel)

    def ordinal_rank(self, rank: int) -> str:
        return f"#{rank}"

    def month(self, day: dt.date) -> str:
        def babel() -> str:
            from babel.dates import format_skeleton

            return format_skeleton("yMMMM", day, locale=self.locale)
        return _answer("month", self.language, (day.year, day.month), str(day.year), babel)

    def listing(self, items: list[str], british: bool = True) -> str:
        """Names as one phrase in the reader's language: "A, B, C and D", "A, B, C et D", "A、B、C、D".
        Plain "en" is British English here (as its hyphenation: no serial comma) unless not `british`."""
        def babel() -> str:
            from babel.lists import format_list

            return format_list(items, locale="en_GB" if self.language == "en" and british else self.locale)
        return _answer("listing" if british else "listing-locale", self.language, tuple(items), list(items), babel)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _answer(kind: str, language: str, args: tuple, expect, babel: Callable[[], str]) -> str:
    """Babel's answer for (kind, language, args), from this process or the cache when one there says
    what is asked (`expect`: the digits it must have, the year it must name, the items it must hold,
    the answers a question allows)."""
    key = f"{kind}|{language}|{args!r}"
    known = _ANSWERS.get(key)
    if isinstance(known, str) and _says(known, kind, expect):
        return known
    value = babel()
    if len(_ANSWERS) >= MAX_ANSWERS:
        _ANSWERS.clear()
        _NEW.clear()
    _ANSWERS[key] = _NEW[key] = value
    return value


def direction(tag: str, babel: Callable[[], str]) -> str:
    """Whether Babel knows the language `tag` and how it is written: "ltr", "rtl" or "unknown"
    (content/languages.py asks; `babel` works it out)."""
    return _answer("direction", tag, (), ("ltr", "rtl", "unknown"), babel)


def _says(answer: str, kind: str, expect) -> bool:
    if kind == "direction":
        return answer in expect
    if kind in ("number", "percent"):
        return _digits(answer) == expect
    if kind == "month":
        return expect in answer and len(answer) < 40
    return all(item in answer for item in expect) and len(answer) <= sum(map(len, expect)) + 8 * len(expect) + 8


def _file_name() -> str:
    from .cache import package_version

    return f"babel-answers-{package_version('babel')}.json"


def attach(cache_dir) -> None:
    """Read the answers the cache folder keeps (once per folder)."""
    if cache_dir is None or str(cache_dir) in _ATTACHED:
        return
    from .cache import get_json

    stored = get_json(cache_dir, _file_name())
    if isinstance(stored, dict):
        for key, value in stored.items():
            if isinstance(key, str) and isinstance(value, str):
                _ANSWERS.setdefault(key, value)
    _ATTACHED.add(str(cache_dir))


def save(cache_dir) -> None:
    """Keep the answers found in this process for the next build."""
    if cache_dir is None or not _NEW:
        return
    from .cache import get_json, put_json

    stored = get_json(cache_dir, _file_name())
    merged = stored if isinstance(stored, dict) and len(stored) < MAX_ANSWERS else {}
    merged.update(_NEW)
    put_json(cache_dir, _file_name(), merged)
    _NEW.clear()


def decimals_of(value: float) -> int:
    """The decimals a number was written with (2.25: 2, 25000: 0, 0.04: 2)."""
    from decimal import Decimal

    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0

