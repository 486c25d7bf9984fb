"""Lead phrases: the italic opening of a paragraph ("Recalling also", "Takes note with
appreciation") and whether a line opens a preambular paragraph at all.

A preambular paragraph opens with a participle or an adjective phrase (*Recalling*,
*Deeply concerned*, *Mindful*, *Having considered*), an operative one with a verb in the
third person (*Requests*, *Also calls upon*). ``opens_preambular`` is the test used where no
blank line separates paragraphs (text copied from a PDF).
"""
from __future__ import annotations

import re

from .lines import WS_RE, strip_markers

ITALIC_LEAD_RE = re.compile(r"^\[?\*([^*]+?)\*")

_PREFIX_ADVERBS = frozenset("also further again once moreover furthermore still".split())
_POST = frozenset("also further again moreover furthermore".split())
_WITH_WHAT = frozenset(
    "appreciation satisfaction concern interest regret alarm gratitude approval".split()
)
_WITH_HOW = frozenset("deep grave great serious particular profound sincere".split())
_PHRASES = {
    "calls": (("upon",), ("on",), ("for",)),
    "calling": (("upon",), ("on",), ("for",)),
    "takes": (("note",), ("into", "account"), ("into", "consideration")),
    "taking": (("note",), ("into", "account"), ("into", "consideration"),
               ("fully", "into", "account")),
    "take": (("note",),),
    "bearing": (("in", "mind"),),
    "keeping": (("in", "mind"),),
    "draws": (("attention",),),
    "drawing": (("attention",),),
    "looks": (("forward",),),
    "looking": (("forward",),),
    "pays": (("tribute",),),
    "paying": (("tribute",),),
    "expresses": (("its",),),
    "expressing": (("its",),),
}
_CONCERN_WORDS = _WITH_WHAT | frozenset("support thanks condolences".split())


def lead_from_words(words: list[str]) -> str:
    """The opening participle or verb phrase of a paragraph without italics.

    "Recalling also", "Deeply concerned", "Takes note with appreciation", "Also calls upon",
    "Bearing in mind", "Expressing its grave concern", "Noting with interest also".
    """
    if not words:
        return ""
    lower = [w.lower().strip(",;:") for w in words[:10]]
    i = 0
    while i < len(lower) - 1 and (lower[i] in _PREFIX_ADVERBS or (lower[i].endswith("ly") and i == 0)):
        i += 1
    head = lower[i]
    i += 1
    if head == "having" and i < len(lower):
        i += 1
    for phrase in _PHRASES.get(head, ()):
        if tuple(lower[i : i + len(phrase)]) == phrase:
            i += len(phrase)
            break
    if head in ("expresses", "expressing") and lower[i - 1] == "its":
        j = i
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        i = j + 1 if j < len(lower) and lower[j] in _CONCERN_WORDS else i - 1
    elif head in ("expresses", "expressing"):
        j = i
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        if j < len(lower) and lower[j] in _CONCERN_WORDS:
            i = j + 1
    if i < len(lower) and lower[i] == "with":
        j = i + 1
        while j < len(lower) and lower[j] in _WITH_HOW:
            j += 1
        if j < len(lower) and lower[j] in _WITH_WHAT:
            i = j + 1
    while i < len(lower) and lower[i] in _POST and words[i - 1][-1:] not in ",;:":
        i += 1
    return " ".join(w.strip(",;:") for w in words[:i])


def lead(raw: str, clean: str, *, guess: bool = True) -> str:
    """The italic opening phrase when the text has one, otherwise (when ``guess``) the one
    ``lead_from_words`` reads. The Articles of a treaty open with plain words ("Each Party
    shall"), so there only italics make a lead."""
    m = ITALIC_LEAD_RE.match(strip_markers(raw[:400]).lstrip())
    if m:
        return WS_RE.sub(" ", m.group(1)).strip().rstrip(",;:")
    return lead_from_words(clean.split(" ", 10)[:10]) if guess else ""




# Adjectives that open preambular paragraphs besides participles ("Mindful of ...").
_PP_ADJECTIVES = frozenset(
    """mindful aware conscious cognizant convinced concerned alarmed determined desirous
    guided seized resolved persuaded confident anxious eager appreciative grateful gravely deeply
    further also noting reaffirming recalling bearing having being taking welcoming
    acknowledging recognizing recognising emphasizing emphasising stressing underlining
    underscoring expressing considering affirming""".split()
)
_NOT_LEADS = frozenset("united red need proceedings during nothing something thing king ring string bring".split())
_FIRST_WORD_RE = re.compile(r"^[\[\*_“\"'(]*([A-Z][a-z]+)\b")


def opens_preambular(text: str) -> bool:
    """Whether ``text`` opens like a preambular paragraph: an italic lead, or a capitalised
    participle ("Recalling", "Alarmed") or adjective ("Mindful"), possibly after an adverb
    ("Deeply concerned", "Recalling further")."""
    head = text.lstrip()
    if ITALIC_LEAD_RE.match(strip_markers(head)):
        return True
    m = _FIRST_WORD_RE.match(head)
    if not m:
        return False
    word = m.group(1).lower()
    if word in _NOT_LEADS:
        return False
    if word in _PP_ADJECTIVES or (len(word) > 4 and word.endswith("ing")):
        return True
    if len(word) > 4 and word.endswith("ed"):
        return True
    if word.endswith("ly") and len(word) > 4:  # "Deeply concerned", "Strongly condemning"
        rest = head[m.end():].split(None, 1)
        return bool(rest) and (rest[0].lower().endswith(("ed", "ing")) or rest[0].lower() in _PP_ADJECTIVES)
    return False
