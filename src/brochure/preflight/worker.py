"""A helper process for the text pass, so a build checks its PDFs in two processes at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import processes

# preflight(text_pass=...): starts the text pass of (path, boxes, safe_pt, want_safe, pages), returns a
# function that waits for its result (see scan_pages).
TextPass = Callable[[Path, list[Any], float, bool, "list[int] | None"], Callable[[], Any]]


class TextPassWorker:
    """A process that runs the text passes (pdfium) of one or more clients while each walks its own
    content streams (pikepdf): pass asker(i) as preflight(text_pass=...) in the process of client i.
    Started before the PDFs are ready, it loads pdfium on a core that would otherwise wait, and it may
    first do another job (`first`) whose value result() returns once every client is done. If it is
    gone or stuck, an ask runs the pass in the caller instead, so the worker can only ever save time."""

    def __init__(self, process: processes.Child, conns: list[Any]):
        self.process, self.conns = process, conns
        self.broken = False

    @classmethod
    @contextlib.contextmanager
    def started(cls, wanted: bool = True) -> Iterator[TextPass | None]:
        """A worker for one client for the duration of the block (its ask(), or None when not wanted
        or possible)."""
        worker = cls.start() if wanted else None
        try:
            yield worker.ask if worker else None
        finally:
            if worker is not None:
                worker.close()

    @classmethod
    def start(cls, clients: int = 1, first: Callable[[], Any] | None = None) -> TextPassWorker | None:
        import multiprocessing

        if not processes.fork_available():      # the caller decided it wants one
            return None
        pairs = [multiprocessing.Pipe() for _ in range(clients)]
        child = processes.start(_serve_text_passes, [theirs for _, theirs in pairs], [mine for mine, _ in pairs],
                                first)
        for _, theirs in pairs:
            theirs.close()
        return cls(child, [mine for mine, _ in pairs])

    @property
    def ask(self) -> TextPass:
        """The ask of the first client."""
        return self.asker(0)

    def asker(self, client: int) -> TextPass:
        conn = self.conns[client]

        def ask(path: Path, boxes: list[Any], safe_pt: float, want_safe: bool,
                pages: list[int] | None = None) -> Callable[[], Any]:
            """Send one text pass; returns a function that waits for its result."""
            request = (str(path), boxes, safe_pt, want_safe, pages)
            sent = False
            if not self.broken:
                try:
                    conn.send(request)
                    sent = True
                except (OSError, ValueError):
                    self.broken = True

            def result() -> Any:
                if sent:
                    try:
                        # A worker that cannot answer in a minute (a stuck process) is not waited for,
                        # nor asked again: its late answer would be taken for the next question's.
                        if conn.poll(60):
                            status, value = conn.recv()
                            if status == "ok":
                                return value
                        else:
                            self.broken = True
                    except (EOFError, OSError):
                        self.broken = True
                return scan_pages(*request)

            return result

        return ask

    def keep_only(self, client: int) -> None:
        """In the process of `client` (forked after the worker): let go of the other clients' ends."""
        for i, conn in enumerate(self.conns):
            if i != client:
                conn.close()

    def release(self, client: int) -> None:
        """This process is done with `client`'s end (it was handed to a process forked since)."""
        self.conns[client].close()

    def result(self) -> Any:
        """What `first` returned (once every client has let go of its end); raises what it raised."""
        self.close(wait=False)
        return self.process.result()

    def close(self, wait: bool = True) -> None:
        for conn in self.conns:
            conn.close()            # the worker sees the end of its input and leaves
        if wait:
            self.process.join(timeout=5)


def _serve_text_passes(conns: list[Any], other_ends: list[Any], first: Callable[[], Any] | None) -> Any:
    """Run first(), then text passes for the clients: (path, boxes, safe_pt, want_safe) in, ("ok", scan)
    or ("error", message) out, until every client has closed its end. Returns what first() did."""
    from multiprocessing.connection import wait

    for end in other_ends:
        end.close()                 # else this process would keep its own input open
    value = first() if first is not None else None
    from . import text  # noqa: F401 - pdfium, loaded now rather than at the first request

    open_ = list(conns)
    while open_:
        for conn in wait(open_):
            try:
                request = conn.recv()
            except (EOFError, OSError):
                open_.remove(conn)
                continue
            try:
                reply = ("ok", scan_pages(*request))
            except Exception as exc:  # noqa: BLE001 - reported to the caller, which runs the pass itself
                reply = ("error", f"{type(exc).__name__}: {exc}")
            try:
                conn.send(reply)
            except (OSError, ValueError):
                open_.remove(conn)
    return value


def scan_pages(path: str | Path, boxes: list[Any], safe_pt: float, want_safe: bool,
               pages: list[int] | None = None) -> dict[int, Any]:
    """The text pass of each of `pages` (1-based; default every page) on its own: page -> _TextScan."""
    import pypdfium2 as pdfium

    from .common import PreflightError
    from .text import _text_scan

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001
        raise PreflightError(f"cannot read {path}: {exc}") from None
    try:
        wanted = range(1, len(doc) + 1) if pages is None else pages
        return {page: _text_scan(doc, boxes, safe_pt, want_safe, pages={page}) for page in wanted}
    finally:
        doc.close()
