"""Branded, print-ready and accessible investor brochures from structured content."""

__version__ = "0.1.0"
