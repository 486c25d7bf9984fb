"""The compare page's rows from a redline result (read-only, no queries): labels "OP5 → OP6",
split/merge and bracket notes, a heading row where a treaty's Article starts, filters applied.
Shared by the compare page, its PDF and .docx exports, the editor's preview, the compilation
and the API."""
from __future__ import annotations


def display_rows(result: dict, *, changes_only: bool, hide_punctuation: bool) -> list[dict]:
    """Rows ready for the template: labels "OP5 → OP6", split/merge and bracket notes, a
    heading row where a treaty's Article (section) starts, filters applied."""
    rows = result["paragraphs"]
    old_labels = {r["old"]: r["old_label"] for r in rows if r["old"] is not None}
    new_labels = {r["new"]: r["new_label"] for r in rows if r["new"] is not None}
    sections = _sections(result)
    shown = []
    heading = None
    for row in rows:
        quiet = row["status"] == "unchanged" or (hide_punctuation and row.get("punctuation_only") and row["status"] == "modified")
        if changes_only and quiet:
            continue
        old_label, new_label = row["old_label"], row["new_label"]
        if old_label and new_label and old_label != new_label:
            label = f"{old_label} → {new_label}"
        else:
            label = new_label or old_label
        notes = []
        if row.get("split_from") is not None:
            notes.append(f"split from {old_labels.get(row['split_from'], '?')}")
        elif row.get("merged_into") is not None:
            notes.append(f"merged into {new_labels.get(row['merged_into'], '?')}")
        notes.extend(_bracket_note(change) for change in row.get("bracket_changes") or [])
        # Headings follow the new text; a deleted row stays under the heading around it (its
        # label says where it stood), unless nothing of the new text came before it.
        side = "new" if row["new"] is not None else "old"
        top = _top(row.get(f"{side}_section"))
        if top and (side == "new" or heading is None) and (side, top) != heading:
            shown.append({"is_section": True, **sections.get((side, top), {"heading": top})})
            heading = (side, top)
        shown.append({
            **row, "label": label, "anchor": new_label or f"old-{old_label}", "note": "; ".join(notes),
            "segments": [[0, "".join(t for op, t in row["segments"] if op >= 0)]] if hide_punctuation and row.get("punctuation_only") else row["segments"],
        })
    return shown


def _top(section: str | None) -> str:
    return (section or "").split(" › ")[0]


def _sections(result: dict) -> dict:
    """(side, heading) -> what the heading row says: the heading, what it was, moved or not."""
    found = {}
    for group in result.get("sections") or []:
        old, new = group.get("old"), group.get("new")
        if new:
            found["new", new] = {"heading": new, "was": old if old and old != new else "", "moved": group.get("moved")}
        if old:
            found.setdefault(("old", old), {"heading": old, "was": "", "moved": False, "gone": not new})
    return found


def _bracket_note(change: dict) -> str:
    """"alternative chosen: “shall”, dropped [should]": long wording cut to a few words."""
    dropped = ", ".join(f"[{_short(d)}]" for d in change.get("dropped") or [])
    if change["change"] == "alternative chosen":
        return f"alternative chosen: “{_short(change['kept'])}”" + (f", dropped {dropped}" if dropped else "")
    return change["change"]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
