"""Post-processing of a written PDF with pikepdf: boxes, structure tree, metadata, output intent."""
