"""Every delegation an action names, as ``delegations.json`` names it.

Reports write names as running text does ("the Islamic Republic of Iran", "the Netherlands",
"United States", former names such as "Turkey") and PDF extraction cuts them at line ends
("Timor-\\nLeste", which the paragraph joiner has already mended). The action dict carries the
UN short name ("Iran (Islamic Republic of)", "Netherlands (Kingdom of the)"); the form the
report wrote is kept in ``names_written`` so the report's wording regenerates exactly. A name
that matches no delegation is reported in ``errors`` with its paragraph and close matches; it
stays in the action as written (never dropped, never replaced by a guess).
"""
from __future__ import annotations

from negotiation.text import names as _names

__all__ = ["normalise_names"]

# "on behalf of the sponsors" / "of the Bureau": speakers' capacities that are not delegations.
NOT_DELEGATIONS = {"sponsors", "the sponsors", "Bureau", "the Bureau", "co-sponsors", "main sponsors"}


class _Normaliser:
    def __init__(self, action: dict, errors: list[dict], reported: set):
        self.action = action
        self.errors = errors
        self.reported = reported
        self.written: dict[str, str] = dict(action.get("names_written") or {})

    def __call__(self, name: str | None, paragraph: int | None = None) -> str | None:
        if not name or name in NOT_DELEGATIONS:
            return name
        found = _names.match_name(name)
        if found is None:
            paragraph = paragraph or self.action["paragraph"]
            if (paragraph, name) not in self.reported:
                self.reported.add((paragraph, name))
                try:
                    _names.require_name(name)
                    suggestions = []
                except _names.UnknownDelegation as exc:
                    suggestions = exc.suggestions
                hint = (" Did you mean " + _names.join_names([f"“{s}”" for s in suggestions], "or") + "?") if suggestions else ""
                reason = f"Unknown delegation “{name}”: it is not in the list of delegations.{hint}"
                self.errors.append({"paragraph": paragraph, "reason": reason, "name": name})
            return name
        if found.short_name != name:
            self.written.setdefault(found.short_name, name)
        return found.short_name


def normalise_names(result) -> None:
    """Replace each name of ``result.actions`` by its short name; unknown ones go to ``errors``."""
    reported: set = set()
    for action in result.actions:
        norm = _Normaliser(action, result.errors, reported)
        sponsors_at = action.get("sponsors_paragraph")
        action["sponsors"] = [
            {**s, "name": norm(s["name"], sponsors_at), "on_behalf_of": norm(s.get("on_behalf_of"), sponsors_at)}
            for s in action.get("sponsors") or []
        ]
        action["subsequently_joined"] = [norm(n) for n in action.get("subsequently_joined") or []]
        if action.get("introduced_by"):
            action["introduced_by"] = [norm(n, action.get("introduced_paragraph")) for n in action["introduced_by"]]
        for statement in action.get("statements") or []:
            at = statement.get("paragraph")
            mapping = {n: norm(n, at) for n in statement["delegations"]}
            statement["delegations"] = [mapping[n] for n in statement["delegations"]]
            statement["roles"] = {mapping.get(n, n): r for n, r in (statement.get("roles") or {}).items()}
            if statement.get("on_behalf_of"):
                statement["on_behalf_of"] = {mapping.get(n, n): norm(g, at) for n, g in statement["on_behalf_of"].items()}
        lists = (action.get("vote") or {}).get("lists")
        if lists:
            for key, names in lists.items():
                lists[key] = [norm(n) for n in names]
            seen: dict[str, str] = {}
            for key, names in lists.items():
                for n in names:
                    if n in seen and seen[n] != key:
                        result.errors.append({"paragraph": action["paragraph"], "reason": (
                            f"{n} is listed both {seen[n].replace('_', ' ')} and {key.replace('_', ' ')} in the recorded vote")})
                    seen[n] = key
        if norm.written:
            action["names_written"] = norm.written
