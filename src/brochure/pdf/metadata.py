"""Document metadata: Info, XMP (title, language, PDF/X or PDF/UA identification), deterministic IDs."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid

import pikepdf


@contextlib.contextmanager
def open_pdf(path):
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    try:
        yield pdf
    finally:
        pdf.close()


def pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def write(pdf: pikepdf.Pdf, content, issued: dt.datetime, conformance: tuple[str, ...],
          rendition: bytes = b"", rendition_class: str = "default") -> None:
    """Info and XMP. `rendition` is the laid-out PDF this file was finished from: the instance ID is
    derived from it, the document ID from what the document is (brochure, mission, language), so
    equal input gives equal IDs, and every version and rendition (print, screen) of a document
    shares its document ID (XMP Media Management)."""
    meta = content.brochure.meta
    title = content.t(meta.title)
    subject = content.t(meta.subject)
    keywords = ", ".join(meta.keywords)
    info = pdf.docinfo
    info.Title = title
    info.Author = meta.author
    info.Subject = subject
    info.Keywords = keywords
    info.Creator = "brochure"
    info.Producer = "brochure (reportlab, pikepdf)"
    info.CreationDate = pdf_date(issued)
    info.ModDate = pdf_date(issued)
    pdf.Root.Lang = pikepdf.String(content.language)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = title
        xmp["dc:creator"] = [meta.author]
        xmp["dc:description"] = subject
        xmp["dc:language"] = [content.language]
        xmp["dc:subject"] = list(meta.keywords)
        xmp["pdf:Keywords"] = keywords
        xmp["pdf:Producer"] = str(info.Producer)
        xmp["xmp:CreatorTool"] = "brochure"
        stamp = issued.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        xmp["xmp:CreateDate"] = stamp
        xmp["xmp:ModifyDate"] = stamp
        xmp["xmp:MetadataDate"] = stamp
        document, instance = _identifiers(content, rendition)
        xmp["xmpMM:DocumentID"] = document
        xmp["xmpMM:InstanceID"] = instance
        xmp["xmpMM:VersionID"] = "1"
        xmp["xmpMM:RenditionClass"] = rendition_class
        if "pdfx" in conformance:
            xmp["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
            xmp["pdf:Trapped"] = "False"
        if "pdfua" in conformance:
            xmp["pdfuaid:part"] = "1"


def _identifiers(content, rendition: bytes) -> tuple[str, str]:
    meta = content.brochure.meta
    name = f"{meta.slug}|{content.mission or ''}|{content.language}".encode()
    document = uuid.UUID(bytes=hashlib.sha256(b"document|" + name).digest()[:16], version=4)
    instance = uuid.UUID(bytes=hashlib.sha256(b"instance|" + rendition).digest()[:16], version=4)
    return f"uuid:{document}", f"uuid:{instance}"


def save(pdf: pikepdf.Pdf, path, version: str = "1.4") -> None:
    """Save in place with a document ID derived from the content, so equal input gives equal bytes;
    the header says at least `version`.

    The PDF is serialised in memory and then written with a plain file write: a full disk is then an
    ordinary OSError the build reports (not an error inside qpdf), and no writer of another library
    leaves its own temporary files beside the output."""
    import io

    _single_filters_named(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
             compress_streams=True, linearize=False, min_version=version)
    with open(path, "wb") as handle:
        handle.write(buffer.getbuffer())


def _single_filters_named(pdf: pikepdf.Pdf) -> None:
    """A stream's /Filter [/FlateDecode] (as reportlab writes every filter) becomes /FlateDecode. The
    two mean the same, but qpdf inflates and deflates again every stream whose filter is an array
    when it writes with compression on; a named filter it copies as it is (for a Japanese edition,
    with its large font, a save five times faster)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            if isinstance(filters, pikepdf.Array) and len(filters) == 1:
                obj.Filter = filters[0]
