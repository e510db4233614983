"""Data freshness: figures whose source is older than a given number of years."""

from __future__ import annotations

import datetime as dt
import sys

from .errors import ContentError


def stale_sources(content, max_age: int, today: dt.date | None = None) -> list[tuple[str, object]]:
    """(source id, Source) for every cited source older than `max_age` years."""
    year = (today or dt.date.today()).year
    sources = content.brochure.sources
    return [(sid, sources[sid]) for sid in content.cited_sources() if year - sources[sid].year > max_age]


def future_sources(content, today: dt.date | None = None) -> list[tuple[str, object]]:
    """(source id, Source) for every cited source dated after next year (a typo in the year; a ranking
    or a yearbook can carry next year's date months before it starts)."""
    year = (today or dt.date.today()).year
    sources = content.brochure.sources
    return [(sid, sources[sid]) for sid in content.cited_sources() if sources[sid].year > year + 1]


def report_freshness(content, max_age: int, verbose: bool = False, strict: bool = False, out=None) -> int:
    """One note line on stderr (stdout stays for the paths of what was written)."""
    out = out or sys.stderr
    stale = stale_sources(content, max_age)     # (a source dated in the future is an error: checks.py)
    if strict and stale:
        from .content import problem_at

        raise ContentError([problem_at(content.data, ("sources", sid), f"figures from {src.year} are older "
                                       f"than {max_age} years; update them or drop --strict") for sid, src in stale])
    if not stale:
        return 0
    print(f"note: {len(stale)} source(s) older than {max_age} years: "
          + ", ".join(f"{src.publisher} {src.year}" for _, src in stale)
          + ("" if verbose else " (check --verbose lists them)"), file=out)
    if verbose:
        for sid, src in stale:
            print(f"  {sid}: {src.publisher}, {src.year}", file=out)
    return 0
