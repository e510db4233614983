"""Photographs from content made ready for an edition: read safely, cropped to the frame they fill,
checked for resolution at their placed size, converted for print (CMYK through the output-intent
profile, total ink limited) or for screen (sRGB, downsampled), and cached as plain bytes.

Partner logos in PNG or JPEG take the same path (`read(..., logo=True)`): a logo may also be a
palette image (flat colours are what a palette is for) and, like a photo, has its transparency
flattened onto white, the paper of the back cover's foot it is printed on.

Reading trusts nothing: only regular files inside the content folder, of bounded size and pixel
count (a decompression bomb is refused from its header, before a pixel is decoded), JPEG or PNG as
the bytes say (not the file name), 8 bits per channel; a truncated or damaged file is refused. Every
refusal is a ValueError whose message names what is wrong and the fix; content checks and the layout
turn it into a located problem (file, line, field).
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 40_000_000         # a camera JPEG is 5-20 MB
MAX_PIXELS = 60_000_000             # 60 megapixels: twice a full-bleed A4 cover at 400 ppi
MAX_SIDE = 16_000                   # pixels on the long side
FORMATS = ("JPEG", "PNG")
RASTER_LOGOS = (".png", ".jpg", ".jpeg")   # partner logos read as photos are (anything else must be SVG)
MIN_PPI = 150                       # print: below this a photo prints visibly soft (an error)
GOOD_PPI = 300                      # print: the print shop's norm (below it, a warning)
MAX_PRINT_PPI = 400                 # print: more is resampled down to this (no visible gain, larger files)
SCREEN_PPI = 200                    # screen: at most this at the placed size
MAX_INK = 300                       # total area coverage, C+M+Y+K in %, for coated offset (FOGRA39)
PRINT_QUALITY = 90
SCREEN_QUALITY = 85
VERSION = "photo-1"                 # part of every cache key: a change of the conversion below bumps it


@dataclass(frozen=True)
class Source:
    """A photo file read and checked: its bytes and what its header says."""

    rel: str
    data: bytes
    digest: str
    width: int
    height: int
    logo: bool = False              # read as a partner logo (palette images allowed)


@dataclass(frozen=True)
class Placed:
    """A photo converted for one edition and one frame: JPEG bytes reportlab embeds as they are."""

    jpeg: bytes
    width: int                      # pixels of the embedded image
    height: int
    ppi: float                      # effective resolution of the source crop at the placed size


# ----- reading ----------------------------------------------------------------------------------


def read(root: Path, rel: str, logo: bool = False) -> Source:
    """The photo (or, with `logo`, the partner logo) at `rel` inside `root`, fully decoded once to
    prove it is whole. ValueError if not."""
    from ..assets import resolve_asset
    from ..cache import read_regular

    path = resolve_asset(root, rel, MAX_FILE_BYTES)
    data = read_regular(path, MAX_FILE_BYTES)
    if data is None:
        kind = "PNG or JPEG" if logo else "JPEG"
        raise ValueError(f"{rel!r} is not a regular file of at most {MAX_FILE_BYTES:,} bytes; use a {kind} "
                         "file inside the content folder")
    digest = hashlib.sha256(data).hexdigest()
    size = _CHECKED.get((digest, logo))
    if size is None:
        with _opened(data, rel, logo) as im:
            size = _CHECKED[digest, logo] = im.size
    return Source(rel, data, digest, *size, logo=logo)


# Files already decoded whole, by the SHA-256 of their bytes (so never stale) and how they were read:
# the content checks and every layout pass read the same photo, and decoding a large one takes a
# noticeable time.
_CHECKED: dict[tuple[str, bool], tuple[int, int]] = {}


class _opened:
    """`with _opened(data, rel, logo) as im`: the image decoded (in RGB, L or CMYK, alpha on white)."""

    def __init__(self, data: bytes, rel: str, logo: bool = False):
        self.data, self.rel, self.logo = data, rel, logo

    def __enter__(self):
        self.image = _decode(self.data, self.rel, self.logo)
        return self.image

    def __exit__(self, *exc):
        self.image.close()
        return False


def _decode(data: bytes, rel: str, logo: bool = False):
    from PIL import Image, ImageOps, UnidentifiedImageError

    what = "logo" if logo else "photograph"

    with warnings.catch_warnings():
        # Pillow's own bomb check warns first and raises only at twice its limit: both are refusals.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data), formats=FORMATS)
        except UnidentifiedImageError:
            fix = ("export the logo as SVG, or as PNG or JPEG (8 bits per channel)" if logo else
                   "export the photograph as a JPEG (RGB, 8 bits per channel)")
            raise ValueError(f"{rel!r} is not a JPEG or PNG image (its content looks like {_sniff(data)}); "
                             f"{fix}") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValueError(_too_big(rel, None, None)) from None
        except Exception as exc:  # noqa: BLE001 - a header Pillow cannot parse is a damaged file
            raise ValueError(_damaged(rel, exc, what)) from None
        w, h = im.size
        if w * h > MAX_PIXELS or max(w, h) > MAX_SIDE or min(w, h) < 1:
            im.close()
            raise ValueError(_too_big(rel, w, h))
        mode = im.mode
        raw = im.tile[0][3] if im.tile and isinstance(im.tile[0][3], (tuple, str)) else ""
        raw = raw[0] if isinstance(raw, tuple) else raw
        if mode in ("I", "I;16", "I;16B", "I;16L", "F") or ";16" in str(raw):
            im.close()
            raise ValueError(f"{rel!r} has 16 bits per channel; export it with 8 bits per channel (as a "
                             "JPEG, or an 8-bit PNG)")
        if mode in ("P", "PA") and not logo:
            im.close()
            raise ValueError(f"{rel!r} is a palette image (at most 256 colours), which posterises a "
                             "photograph; export the original as a JPEG (RGB, 8 bits per channel)")
        if mode not in ("RGB", "L", "CMYK", "RGBA", "LA", "1", "P", "PA"):
            im.close()
            raise ValueError(f"{rel!r} is in {mode} mode; export it as an RGB or greyscale JPEG")
        try:
            im.load()
            im = ImageOps.exif_transpose(im)       # as the camera was held
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValueError(_too_big(rel, w, h)) from None
        except Exception as exc:  # noqa: BLE001 - truncated data, bad checksums, broken markers
            raise ValueError(_damaged(rel, exc, what)) from None
    if im.mode in ("P", "PA"):
        # A logo's palette (with its transparent entry, if any) as plain colours.
        im = im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
    if im.mode in ("RGBA", "LA"):
        # Transparency has no meaning in print: the photo (or logo) is set on white paper.
        base = Image.new("RGB", im.size, (255, 255, 255))
        base.paste(im.convert("RGBA"), mask=im.getchannel("A"))
        icc = im.info.get("icc_profile")
        im = base
        if icc:
            im.info["icc_profile"] = icc
    elif im.mode == "1":
        im = im.convert("L")
    return im


def _too_big(rel: str, w, h) -> str:
    size = f"is {w:,} \u00d7 {h:,} pixels ({w * h / 1e6:.0f} megapixels)" if w else "declares more pixels than " \
        "can be decoded safely (a decompression bomb?)"
    return (f"{rel!r} {size}; at most {MAX_PIXELS / 1e6:.0f} megapixels and {MAX_SIDE:,} pixels a side are "
            "read; scale it down (a full-bleed A4 cover needs about 2,600 \u00d7 3,600 pixels)")


def _damaged(rel: str, exc: Exception, what: str = "photograph") -> str:
    detail = " ".join(str(exc).split())[:120] or type(exc).__name__
    return f"{rel!r} is damaged or truncated ({detail}); export or copy the {what} again"


def _sniff(data: bytes) -> str:
    head = data[:64].lstrip()
    for magic, name in ((b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
                        (b"%PDF", "a PDF document"), (b"<svg", "an SVG drawing"), (b"<?xml", "an XML file"),
                        (b"BM", "a BMP image"), (b"\x00\x00\x00\x0cjP", "a JPEG 2000 image"), (b"PK", "a ZIP archive")):
        if head.startswith(magic):
            return name
    if data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return "a HEIF/AVIF image"
    try:
        data[:512].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "no image format read here"


# ----- placing ----------------------------------------------------------------------------------


def crop_box(width: int, height: int, frame_w: float, frame_h: float, focus=None) -> tuple:
    """The part of a width x height image that fills a frame_w x frame_h frame (cropped, never
    stretched), as close to centred on `focus` ([x, y] from the top left, 0-1) as the image allows."""
    fx, fy = focus or (0.5, 0.5)
    aspect = frame_w / frame_h
    if width / height > aspect:
        cw, ch = height * aspect, float(height)
    else:
        cw, ch = float(width), width / aspect
    x0 = min(max(fx * width - cw / 2, 0.0), width - cw)
    y0 = min(max(fy * height - ch / 2, 0.0), height - ch)
    return (x0, y0, x0 + cw, y0 + ch)


def effective_ppi(source: Source, frame_w: float, frame_h: float, focus=None) -> float:
    """Pixels per inch of the cropped photo at its placed size (frame in points)."""
    x0, _, x1, _ = crop_box(source.width, source.height, frame_w, frame_h, focus)
    return (x1 - x0) / (frame_w / 72.0)


def resolution_problem(source: Source, frame_w: float, frame_h: float, focus=None) -> tuple[str, str] | None:
    """("error" | "warning", message) when the photo is too coarse for print at its placed size."""
    ppi = effective_ppi(source, frame_w, frame_h, focus)
    if ppi >= GOOD_PPI - 0.5:
        return None
    level = "error" if ppi < MIN_PPI else "warning"
    what, frame = ("logo", "size") if source.logo else ("photo", "crop")
    wmm, hmm = frame_w / 72 * 25.4, frame_h / 72 * 25.4
    need_w, need_h = math.ceil(frame_w / 72 * GOOD_PPI), math.ceil(frame_h / 72 * GOOD_PPI)
    why = f"below {MIN_PPI} ppi it prints soft and is refused" if level == "error" else "it will look soft"
    return level, (f"{source.rel!r} ({source.width:,} \u00d7 {source.height:,} px) is placed at {wmm:.0f} \u00d7 "
                   f"{hmm:.0f} mm, where it has {ppi:.0f} ppi; print needs {GOOD_PPI} ppi ({why}): "
                   f"use a {what} of at least {need_w:,} \u00d7 {need_h:,} pixels for this {frame}")


def prepare(source: Source, colour_space: str, frame_w: float, frame_h: float, focus=None,
            profile: bytes | None = None, overlay=None, cache_dir=None) -> Placed:
    """The photo cropped to fill frame_w x frame_h points, converted for the edition's colour space:
    "cmyk" through `profile` (the output intent), "rgb" as sRGB at most SCREEN_PPI. `overlay` is
    (cmyk 0-1 tuple, rgb 0-1 tuple, opacity): a colour laid over the photo (in the edition's own
    colour space, so the print edition uses the brand's CMYK). Same input, same bytes; cached."""
    from .. import cache

    key_parts = [VERSION, source.digest, colour_space, f"{frame_w:.2f}x{frame_h:.2f}", repr(focus),
                 repr(overlay), hashlib.sha256(profile or b"").hexdigest()]
    key = "photo-" + hashlib.sha256("|".join(key_parts).encode()).hexdigest()[:32] + ".jpg"
    ppi = effective_ppi(source, frame_w, frame_h, focus)
    stored = cache.get_bytes(cache_dir, key) if cache_dir is not None else None
    if stored is not None:
        size = _jpeg_size(stored)
        if size is not None:
            return Placed(stored, *size, ppi)
    jpeg, size = _convert(source, colour_space, frame_w, frame_h, focus, profile, overlay)
    if cache_dir is not None:
        cache.put_bytes(cache_dir, key, jpeg)
    return Placed(jpeg, *size, ppi)


def _jpeg_size(data: bytes):
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as im:
            return im.size
    except Exception:  # noqa: BLE001 - a cache entry that does not read is converted again
        return None


def _convert(source: Source, colour_space, frame_w, frame_h, focus, profile, overlay):
    from PIL import Image

    with _opened(source.data, source.rel, source.logo) as im:
        box = crop_box(im.width, im.height, frame_w, frame_h, focus)
        ppi = (box[2] - box[0]) / (frame_w / 72.0)
        limit = MAX_PRINT_PPI if colour_space == "cmyk" else SCREEN_PPI
        scale = min(1.0, limit / ppi)
        target = (max(1, round((box[2] - box[0]) * scale)), max(1, round((box[3] - box[1]) * scale)))
        icc = im.info.get("icc_profile")
        if scale < 1.0:
            work = im.resize(target, Image.LANCZOS, box=box)
        else:
            work = im.crop(tuple(round(v) for v in box))
            target = work.size
        if colour_space == "cmyk":
            work = _to_cmyk(work, icc, profile)
            if overlay:
                work = _blend(work, overlay[0], overlay[2])
            return _cmyk_jpeg(work), target
        work = _to_srgb(work, icc, profile)
        if overlay:
            work = _blend(work, overlay[1], overlay[2])
        return _save_jpeg(work, SCREEN_QUALITY), target


def _profile(data: bytes | None, mode: str):
    """An ImageCms profile from embedded bytes if they describe `mode`'s colour space, else None."""
    from PIL import ImageCms

    if not data:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a broken embedded profile: the photo is taken as sRGB
        return None
    space = profile.profile.xcolor_space.strip()
    return profile if space == {"RGB": "RGB", "L": "GRAY", "CMYK": "CMYK"}.get(mode) else None


def _transform(im, src, dst, out_mode: str):
    from PIL import ImageCms

    transform = ImageCms.buildTransform(src, dst, im.mode, out_mode,
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    return ImageCms.applyTransform(im, transform)


def _to_cmyk(im, icc, profile: bytes | None):
    """CMYK for the output intent: RGB and grey through its profile (relative colorimetric, black-point
    compensation); CMYK input is taken as already separated for it. Total ink at most MAX_INK."""
    from PIL import ImageCms

    if profile is None:
        raise ValueError("the print edition needs the output-intent profile to convert photographs")
    if im.mode != "CMYK":
        src = _profile(icc, im.mode)
        if src is None:
            im = im.convert("RGB")
            src = ImageCms.createProfile("sRGB")
        im = _transform(im, src, ImageCms.ImageCmsProfile(io.BytesIO(profile)), "CMYK")
    return limit_ink(im, MAX_INK)


def _to_srgb(im, icc, profile: bytes | None):
    from PIL import ImageCms

    src = _profile(icc, im.mode)
    if im.mode == "CMYK":
        src = src or (ImageCms.ImageCmsProfile(io.BytesIO(profile)) if profile else None)
        if src is None:
            return im.convert("RGB")
        return _transform(im, src, ImageCms.createProfile("sRGB"), "RGB")
    if src is not None:
        return _transform(im, src, ImageCms.createProfile("sRGB"), "RGB")
    return im.convert("RGB")


def limit_ink(im, max_ink: float):
    """A CMYK image whose C+M+Y+K stays within `max_ink` % in every pixel: where it is over, the
    chromatic inks are reduced in proportion and black is kept (the shadows keep their depth)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(im)
    limit = int(max_ink * 255 // 100)
    total = _ink_total(arr)
    over = total > limit
    if not over.any():
        return im
    # Only the pixels over the limit change (the rest keep a factor of 1): computed for those alone.
    pixels = arr[over].astype(np.int32)
    cmy, k = pixels[:, :3], pixels[:, 3]
    room = np.clip(limit - k, 0, None)
    factor = room / np.maximum(cmy.sum(axis=-1), 1)
    out = arr.copy()
    out[over, :3] = np.floor(cmy * factor[:, None]).astype(np.uint8)
    return Image.fromarray(out, "CMYK")


def _ink_total(arr):
    """C+M+Y+K per pixel of an 8-bit CMYK array (at most 4 x 255: 16 bits hold it)."""
    import numpy as np

    total = arr[..., 0].astype(np.uint16)
    for channel in (1, 2, 3):
        total += arr[..., channel]
    return total


def _blend(im, colour, opacity: float):
    """`colour` (0-1 per channel of the image's mode) laid over the image at `opacity`: one lookup
    table per channel (an 8-bit channel has 256 values), applied by Pillow."""
    import numpy as np

    values = np.arange(256, dtype=np.float64)[None, :]
    ink = np.array([c * 255 for c in colour], dtype=np.float64)[:, None]
    table = np.floor(values * (1 - opacity) + ink * opacity + 0.5).clip(0, 255).astype(np.uint8)
    return im.point(table.ravel().tolist())


def _cmyk_jpeg(im) -> bytes:
    """A CMYK JPEG within MAX_INK as decoded: JPEG's rounding can lift a pixel over the limit it was
    set to, so the image is decoded again and, where it overshoots, limited a little lower."""
    import numpy as np
    from PIL import Image

    limit = MAX_INK * 255 / 100
    target = MAX_INK
    for _ in range(6):
        data = _save_jpeg(limit_ink(im, target), PRINT_QUALITY)
        with Image.open(io.BytesIO(data)) as back:
            peak = int(_ink_total(np.asarray(back)).max(initial=0))
        if peak <= limit:
            return data
        target -= (peak - limit) * 100 / 255 + 1
    raise ValueError("the photograph cannot be kept within the total ink limit; darken its shadows less")


def _save_jpeg(im, quality: int) -> bytes:
    out = io.BytesIO()
    # No metadata, no profile, no progressive scan: the same pixels give the same bytes.
    im.save(out, "JPEG", quality=quality, subsampling=0 if im.mode == "CMYK" else 2, optimize=False)
    return out.getvalue()


# ----- contrast ---------------------------------------------------------------------------------


def _luminance(rgb) -> float:
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def overlay_opacity(source: Source, colour_rgb, frame_w: float, frame_h: float, focus=None,
                    contrast: float = 4.5, least: float = 0.55, cache_dir=None) -> float:
    """The opacity of a `colour_rgb` (0-1) layer over the photo at which white type has at least
    `contrast` : 1 against the lightest part of the photo (its 99.5th percentile of luminance, so a
    few specular highlights do not darken the whole cover), and never less than `least`. Kept in the
    cache (it decodes the whole photo), keyed by everything it depends on."""
    from .. import cache

    parts = [VERSION, source.digest, f"{frame_w:.2f}x{frame_h:.2f}", repr(focus), repr(tuple(colour_rgb)),
             repr(contrast), repr(least)]
    key = "photo-overlay-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + ".json"
    stored = cache.get_json(cache_dir, key) if cache_dir is not None else None
    if type(stored) is float and least <= stored <= 1:
        return stored
    opacity = float(_opacity(source, colour_rgb, frame_w, frame_h, focus, contrast, least))
    if cache_dir is not None:
        cache.put_json(cache_dir, key, opacity)
    return opacity


def _opacity(source, colour_rgb, frame_w, frame_h, focus, contrast, least) -> float:
    import numpy as np

    with _opened(source.data, source.rel, source.logo) as im:
        box = crop_box(im.width, im.height, frame_w, frame_h, focus)
        small = im.convert("RGB").resize((96, max(1, round(96 * frame_h / frame_w))), box=box)
    arr = np.asarray(small, dtype=np.float64) / 255.0
    lin = np.where(arr <= 0.04045, arr / 12.92, ((arr + 0.055) / 1.055) ** 2.4)
    lum = lin @ np.array([0.2126, 0.7152, 0.0722])
    # Blend in sRGB values (as the screen edition does), then measure: find the least opacity.
    light = arr.reshape(-1, 3)[np.argsort(lum.reshape(-1))[int(0.995 * (lum.size - 1))]]
    ink = np.array(colour_rgb, dtype=np.float64)
    for step in range(0, 101):
        a = max(least, step / 100)
        mixed = light * (1 - a) + ink * a
        if 1.05 / (_luminance(mixed) + 0.05) >= contrast:
            return round(a, 2)
    return 1.0
