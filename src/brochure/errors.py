"""Errors people can act on: every problem carries file, line, column and the field path."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class BrochureError(Exception):
    """A failure that is not the content's fault (I/O, rendering); exit code 1."""

    exit_code = 1


@dataclass
class ContentError(BrochureError):
    """The content (YAML, brand file, assets) is wrong; exit code 2. Holds every problem found."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the content"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)


def write_error(exc: OSError, path) -> BrochureError:
    """A failed write as one line naming what was being written (the output stays as it was)."""
    import errno

    if exc.errno == errno.ENOSPC:
        reason = "no space left on device"
    elif exc.errno == errno.EDQUOT:
        reason = "disk quota exceeded"
    else:
        reason = (exc.strerror or type(exc).__name__).lower()
    return BrochureError(f"{reason} while writing {path}")


def did_you_mean(word: str, choices) -> str:
    """A ' (did you mean "x"?)' suffix, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
