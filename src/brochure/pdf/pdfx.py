"""PDF/X-4 identification: output intent with the embedded FOGRA39-based CMYK profile."""

from __future__ import annotations

import pikepdf

PROFILE = "icc/FOGRA39-based.icc"


def add_output_intent(pdf: pikepdf.Pdf, theme) -> None:
    icc_path = theme.path.parent / PROFILE
    profile = pikepdf.Stream(pdf, icc_path.read_bytes())
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
