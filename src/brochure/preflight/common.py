"""Results, limits and the small helpers every preflight pass uses."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

PROFILES = ("print", "screen")
PT_PER_MM = 72.0 / 25.4
MAX_LINES = 5  # findings listed per check before "... and N more"
_EPS_PT = 0.01


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    level: str  # "PASS" | "WARN" | "FAIL"
    check: str  # short check id, e.g. "fonts-embedded"
    message: str  # human sentence, with page numbers where relevant
    page: int | None = None


@dataclass
class Report:
    path: str
    profile: str
    findings: list[Finding]

    @property
    def failed(self) -> bool:
        return any(f.level == "FAIL" for f in self.findings)

    @property
    def warned(self) -> bool:
        return any(f.level == "WARN" for f in self.findings)

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def by_check(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def format(self) -> str:
        width = max((len(f.check) for f in self.findings), default=0)
        lines = [f"{f.level:<4}  {f.check:<{width}}  {f.message}" for f in self.findings]
        lines.append(
            f"preflight: {self.count('PASS')} PASS, {self.count('WARN')} WARN, "
            f"{self.count('FAIL')} FAIL \u2014 {self.path}"
        )
        return "\n".join(lines)


class PreflightError(Exception):
    """The file is not a PDF or cannot be read."""


# --------------------------------------------------------------------------- small helpers


def _mm(pt: float) -> float:
    return pt / PT_PER_MM


def _fmt(x: float, nd: int = 1) -> str:
    """Number without a trailing '.0' noise for integers (5 -> '5', 2.14 -> '2.1')."""
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def _num(x, default: float = 0.0) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


def _name(x) -> str | None:
    return str(x) if isinstance(x, pikepdf.Name) else None


def _get(d, key: str, default=None):
    try:
        v = d.get(key, default)
    except Exception:  # noqa: BLE001 - broken objects in foreign PDFs
        return default
    return default if v is None else v


def _matmul(m1: tuple, m2: tuple) -> tuple:
    """m1 x m2 for PDF row-vector matrices [a b c d e f]."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _matrix(obj, default=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)) -> tuple:
    try:
        vals = tuple(float(v) for v in obj)
    except Exception:  # noqa: BLE001
        return default
    return vals if len(vals) == 6 else default


def _box(obj) -> tuple[float, float, float, float] | None:
    """Normalised (x0, y0, x1, y1) or None."""
    if obj is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except Exception:  # noqa: BLE001
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _box_mm(b) -> str:
    return "[" + " ".join(f"{_mm(v):.1f}" for v in b) + "] mm"


def _inside(inner, outer, tol: float = _EPS_PT) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _capped(level: str, check: str, items: list[tuple[int | None, str]]) -> list[Finding]:
    out = [Finding(level, check, msg, page) for page, msg in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        out.append(Finding(level, check, f"... and {len(items) - MAX_LINES} more"))
    return out


def _pages_text(pages) -> str:
    pages = sorted(set(pages))
    if len(pages) > 8:
        return "p." + ", ".join(str(p) for p in pages[:8]) + f" (+{len(pages) - 8} more)"
    return "p." + ", ".join(str(p) for p in pages)


# --------------------------------------------------------------------------- what the text pass finds


@dataclass
class _TextScan:
    min_size: dict = field(default_factory=dict)  # page -> (size pt, snippet)
    safe: dict = field(default_factory=dict)  # page -> list[(distance pt, edge, snippet)]
    n_chars: int = 0


def _snippet(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
