"""A helper process for the text pass, so a build checks its print PDF in two processes at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import processes

# preflight(text_pass=...): starts the text pass of (path, boxes, safe_pt, want_safe), returns a
# function that waits for its result.
TextPass = Callable[[Path, list[Any], float, bool], Callable[[], Any]]


class TextPassWorker:
    """A process that runs a preflight's text pass (pdfium) while the caller walks the content streams
    (pikepdf): pass its ask() as preflight(text_pass=...). Started before the PDF is ready, it loads
    pdfium on the core that would otherwise wait. If it is gone or stuck, ask() runs the pass in the
    caller instead, so the worker can only ever save time."""

    def __init__(self, process: processes.Child, conn: Any):
        self.process, self.conn = process, conn
        self.broken = False

    @classmethod
    @contextlib.contextmanager
    def started(cls, wanted: bool = True) -> Iterator[TextPass | None]:
        """A worker for the duration of the block (its ask(), or None when not wanted or possible)."""
        worker = cls.start() if wanted else None
        try:
            yield worker.ask if worker else None
        finally:
            if worker is not None:
                worker.close()

    @classmethod
    def start(cls) -> TextPassWorker | None:
        import multiprocessing

        if not processes.fork_available():      # the caller decided it wants one
            return None
        mine, theirs = multiprocessing.Pipe()
        child = processes.start(_serve_text_passes, theirs, mine)
        theirs.close()
        return cls(child, mine)

    def ask(self, path: Path, boxes: list[Any], safe_pt: float, want_safe: bool) -> Callable[[], Any]:
        """Send one text pass; returns a function that waits for its result."""
        request = (str(path), boxes, safe_pt, want_safe)
        sent = False
        if not self.broken:
            try:
                self.conn.send(request)
                sent = True
            except (OSError, ValueError):
                self.broken = True

        def result() -> Any:
            if sent:
                try:
                    # A worker that cannot answer in a minute (a stuck process) is not waited for,
                    # nor asked again: its late answer would be taken for the next question's.
                    if self.conn.poll(60):
                        status, value = self.conn.recv()
                        if status == "ok":
                            return value
                    else:
                        self.broken = True
                except (EOFError, OSError):
                    self.broken = True
            from .text import scan_file

            return scan_file(*request)

        return result

    def close(self) -> None:
        self.conn.close()           # the worker sees the end of its input and leaves
        self.process.join(timeout=5)


def _serve_text_passes(conn: Any, other_end: Any) -> None:
    other_end.close()               # else this process would keep its own input open
    from .text import serve

    serve(conn)
