"""Small helpers several section layouts share."""

from __future__ import annotations


def font_files(ctx) -> tuple[str, str]:
    return str(ctx.fonts.files["regular"]), str(ctx.fonts.files["bold"])


def chart_colours(ctx) -> dict[str, str]:
    return {role: ctx.hex(role) for role in ("bar", "bar-peer", "text", "rule", "muted")}
