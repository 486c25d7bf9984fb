"""Square brackets in negotiated text: the spans of contested wording.

In a rolling text, wording not yet agreed stands in square brackets; alternatives stand side
by side (``[shall][should]``), brackets nest (``[to [enhance] the]``) and options are
bracketed whole (``[Option 1: ...]``). The parser keeps the words verbatim; this module says
where the brackets are, so later features (status per paragraph, resolving a bracket) can
use them. Pure Python, linear in the length of the text.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BracketSpan", "bracket_spans", "bracket_count", "outermost_count"]


@dataclass(frozen=True)
class BracketSpan:
    """``text[start:end]`` is the bracketed wording, brackets included.

    ``depth`` is 1 for an outermost bracket, 2 for one inside it, and so on. ``closed`` is
    False for a bracket opened and never closed (or closed and never opened): the span then
    runs to the end (or from the start) of the text, so the user sees what is unbalanced.
    """

    start: int
    end: int
    depth: int
    closed: bool = True


def bracket_spans(text: str) -> list[BracketSpan]:
    """Every bracket span of ``text``, ordered by where it opens."""
    spans: list[BracketSpan] = []
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == "[":
            stack.append(i)
        elif char == "]":
            if stack:
                start = stack.pop()
                spans.append(BracketSpan(start, i + 1, len(stack) + 1))
            else:
                spans.append(BracketSpan(0, i + 1, 1, closed=False))
    for depth, start in enumerate(stack, start=1):
        spans.append(BracketSpan(start, len(text), depth, closed=False))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def bracket_count(text: str) -> int:
    """How many bracket spans ``text`` holds (nested ones included)."""
    return len(bracket_spans(text)) if "[" in text or "]" in text else 0


def outermost_count(text: str) -> int:
    """How many outermost bracket spans ``text`` holds: "[shall][should] [to [enhance]]" is 3."""
    return sum(1 for s in bracket_spans(text) if s.depth == 1) if "[" in text or "]" in text else 0
