"""Vector graphics drawn from data and committed assets: the map of Flanders and the icon set.

Both return reportlab Drawings coloured with the reportlab colours the caller hands in (CMYK for
print, RGB for screen), with text as real text in the registered brand fonts.
"""
