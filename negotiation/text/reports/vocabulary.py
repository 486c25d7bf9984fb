"""The small vocabulary UN reports are written in: months, ordinals, document symbols."""
from __future__ import annotations

import re

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS, 1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"

_UNIT_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
         80: "eighty", 90: "ninety"}
_TENS_ORDINAL = {20: "twentieth", 30: "thirtieth", 40: "fortieth", 50: "fiftieth",
                 60: "sixtieth", 70: "seventieth", 80: "eightieth", 90: "ninetieth"}


def int_to_ordinal_word(n: int) -> str:
    """5 -> "fifth", 45 -> "forty-fifth" (1-99): the spelled-out form some reports use."""
    if 1 <= n < 20:
        return _UNIT_ORDINALS[n - 1]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS_ORDINAL[n]
        return f"{_TENS[tens * 10]}-{_UNIT_ORDINALS[unit - 1]}"
    raise ValueError(f"no ordinal word for {n}")


_ORDINAL_WORDS = {int_to_ordinal_word(n): n for n in range(1, 100)}
_NUMERIC_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def ordinal_to_int(text: str) -> int | None:
    """"fifth" -> 5, "10th" -> 10, "forty-fifth" -> 45; None if it is not an ordinal."""
    text = text.strip().lower()
    match = _NUMERIC_ORDINAL.match(text)
    if match:
        return int(match.group(1))
    return _ORDINAL_WORDS.get(text)


def _numeric_ordinal(n: int) -> str:
    """10 -> "10th", 1 -> "1st", 12 -> "12th" (English suffix rules)."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# A UN document symbol: E/CN.15/2011/L.13/Rev.1, A/C.3/78/L.41, E/CN.7/2011/11-E/CN.15/2011/11.
_SYMBOL = r"[A-Z]{1,2}(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+(?:-[A-Z]{1,2}(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+)?"


# A document's revisions, addenda, corrigenda and amendments: what ``base_symbol`` strips.
_SUFFIX = re.compile(r"/(?:Rev|Corr|Add|Amend)\.\d+$")
# A draft in a body's "L." series, with its revisions: "E/CN.15/2011/L.13/Rev.1", "A/C.3/78/L.41".
L_DOCUMENT = re.compile(r"^[A-Z][A-Za-z0-9./]*/L\.\d+(?:/(?:Rev|Add|Corr)\.\d+)*$")


def base_symbol(symbol: str | None) -> str | None:
    """A/C.3/78/L.41/Rev.1 -> A/C.3/78/L.41: the draft all its revisions belong to."""
    if not symbol:
        return None
    while _SUFFIX.search(symbol):
        symbol = _SUFFIX.sub("", symbol)
    return symbol
