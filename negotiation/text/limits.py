"""The limits of what one text may hold: one set, shared by import, editor and commands.

Pure Python. ``DEFAULT_LIMITS`` is what the text modules use when given nothing; the Django
side builds a ``TextLimits`` from ``settings.TEXT_LIMITS`` (see ``negotiation.limits``) and
passes it in, so a deployment changes a limit in one place and every entry point follows.
Each refusal is a ``ParseError`` (or ``ApplicationError``) that names the limit and the
figure, and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["TextLimits", "DEFAULT_LIMITS"]


@dataclass(frozen=True)
class TextLimits:
    max_file_bytes: int = 5 * 1024 * 1024  # an uploaded file (.txt, .md, .docx, .pdf)
    max_uncompressed_bytes: int = 50 * 1024 * 1024  # what a .docx unzips to (zip bombs)
    max_pdf_pages: int = 500  # pages read from a .pdf
    max_text_chars: int = 5_000_000  # characters of text pasted or read from a file
    max_paragraph_chars: int = 200_000  # one paragraph, sub-paragraphs included
    max_paragraphs: int = 20_000  # paragraphs of one version

    @classmethod
    def from_mapping(cls, values: dict | None) -> "TextLimits":
        """Limits with ``values`` (names as the fields) over the defaults; unknown names refused."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown text limits: {', '.join(unknown)} (known: {', '.join(sorted(known))}).")
        return cls(**{k: int(v) for k, v in values.items()})


DEFAULT_LIMITS = TextLimits()
