"""Patterns and tests of how a piece of UN text ends, shared by the parsing stages.

Pure Python. One home for what several stages ask: does this text end a paragraph (with
, ; . or :, past footnote markers, closing brackets and "; and")? is that full stop an
abbreviation's ("vol.", "No.")? is this line a date or a closing "51st plenary meeting"?
"""
from __future__ import annotations

import re

from .lines import SENTINEL_RE

FINISHING = frozenset(",;.:")
ABBREVIATION_END_RE = re.compile(
    r"\b(?:vols?|Nos?|paras?|arts?|chap|sect|pp?|cf|e\.g|i\.e|Rev|Add|Corr|Mr|Ms|Dr|St)\.$"
)
DATE_RE = re.compile(r"^[0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4}$")
# The closing line of an adopted text, with or without its date on the same line.
MEETING_RE = re.compile(
    r"^([0-9]{1,3}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting)(?:\s+([0-9]{1,2}\s+[A-Z][a-z]+\s+[0-9]{4}))?$"
)
_TAIL_MARKER_RE = re.compile(r"(?<=[,;:.])\s?[0-9]{1,3}$")  # "Weapons,1", "Secretary-General, 1"
_TAIL_CLOSERS = "*]”\"’')"
_AND_OR_RE = re.compile(r";\s*(?:and|or)$")


def tail_char(text: str) -> str:
    """The last punctuation that counts: footnote markers, closing brackets, quotes and
    emphasis after it do not ("...Agreement;]" ends with ";"); "...; and" ends with ";"."""
    stripped = SENTINEL_RE.sub("", text).rstrip()
    stripped = _TAIL_MARKER_RE.sub("", stripped).rstrip(_TAIL_CLOSERS + " ")
    if stripped.endswith(("and", "or")) and _AND_OR_RE.search(stripped[-8:]):
        return ";"
    return stripped[-1:] if stripped else ""


def is_finished(text: str) -> bool:
    """A piece is finished when it ends with , ; . or : (markers ignored), but not with an
    abbreviation such as "vol." or "No."."""
    tail = tail_char(text)
    if tail == ".":
        stripped = SENTINEL_RE.sub("", text).rstrip().rstrip(_TAIL_CLOSERS + " ")
        return not ABBREVIATION_END_RE.search(stripped[-8:])
    return tail in FINISHING


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a full stop that is not an abbreviation's: a footnote's
    text does ("Resolution 70/1."); "Ibid., vol." and "Supplement No. 2" do not (no footnote
    marker is looked for at the end, unlike ``tail_char``)."""
    stripped = SENTINEL_RE.sub("", text).rstrip().rstrip("*").rstrip()
    return stripped.endswith(".") and not ABBREVIATION_END_RE.search(stripped[-8:])
