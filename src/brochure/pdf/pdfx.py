"""PDF/X-4: output intent with the embedded FOGRA39-based CMYK profile, and no interactive parts."""

from __future__ import annotations

import hashlib
import zlib

import pikepdf

from ..brand import OUTPUT_PROFILE as PROFILE


def add_output_intent(pdf: pikepdf.Pdf, theme, cache_dir=None) -> None:
    icc_path = theme.output_profile or theme.path.parent / PROFILE      # checked by brand.load_theme
    profile = pikepdf.Stream(pdf, _deflated(icc_path.read_bytes(), cache_dir))
    profile.Filter = pikepdf.Name.FlateDecode
    profile.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("FOGRA39"),
        OutputCondition=pikepdf.String("Offset printing, coated paper (ISO 12647-2:2004), FOGRA39"),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String("Based on FOGRA39 (coated offset, ISO 12647-2:2004)"),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])
    pdf.docinfo.GTS_PDFXVersion = pikepdf.String("PDF/X-4")
    pdf.docinfo.Trapped = pikepdf.Name("/False")


def remove_interactive(pdf: pikepdf.Pdf) -> None:
    """A print file carries no annotations, links or actions (ISO 15930-7 6.6): the screen edition's
    links are taken off every page, and actions off the catalog. Bookmarks stay (plain destinations)."""
    for page in pdf.pages:
        for key in ("/Annots", "/AA"):
            if key in page.obj:
                del page.obj[key]
    for key in ("/AA", "/OpenAction"):
        if key in pdf.Root:
            del pdf.Root[key]


def _deflated(data: bytes, cache_dir) -> bytes:
    """The profile compressed, as it goes into the PDF. Compressing 228 KB takes longer than the rest
    of the output intent, so the result is kept in the cache folder, keyed by the profile's bytes and
    the zlib version (so equal input still gives equal PDFs), and checked against them when read."""
    from .. import cache

    name = f"icc-{hashlib.sha256(data).hexdigest()[:24]}-zlib{zlib.ZLIB_RUNTIME_VERSION}.z"
    stored = cache.get_bytes(cache_dir, name) if cache_dir is not None else None
    if stored is not None:
        try:
            if zlib.decompress(stored) == data:
                return stored
        except zlib.error:
            pass            # a damaged entry is written again
    packed = zlib.compress(data, 6)
    if cache_dir is not None:
        cache.put_bytes(cache_dir, name, packed)
    return packed
