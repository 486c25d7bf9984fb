"""Small helpers every service uses: validation to ApplicationError, history reasons, names."""
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from negotiation.errors import ApplicationError
from negotiation.models import Delegation
from negotiation.text import names as text_names


def validated_save(obj, *, reason: str, user=None, exclude=None):
    """full_clean() then save(), recording ``reason`` and ``user`` in the history."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError(_first_message(exc)) from exc
    obj._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj.save()
    return obj


def _first_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        parts = []
        for field, messages in exc.message_dict.items():
            label = "" if field == "__all__" else f"{field.replace('_', ' ')}: "
            parts.extend(label + m for m in messages)
        return " ".join(parts)
    return " ".join(exc.messages)


class DelegationNames:
    """Delegations by any name they go by ("the Philippines", "Turkey", "USA"), one query."""

    def __init__(self):
        self._by_key: dict[str, Delegation] | None = None

    def get(self, name: str | Delegation) -> Delegation:
        if isinstance(name, Delegation):
            return name
        if self._by_key is None:
            self._by_key = {}
            for d in Delegation.objects.all():
                for form in [d.short_name, d.sort_name, d.report_name, *d.aliases]:
                    if form:
                        self._by_key.setdefault(text_names.name_key(form), d)
        found = self._by_key.get(text_names.name_key(name or ""))
        if found is None:
            entry = text_names.match_name(name or "")  # ISO codes and forms the table may lack
            found = self._by_key.get(text_names.name_key(entry.short_name)) if entry else None
        if found is None:
            try:
                text_names.require_name(name or "")
                hint = ""
            except text_names.UnknownDelegation as exc:
                hint = (" Did you mean " + text_names.join_names([f"“{s}”" for s in exc.suggestions], "or") + "?") if exc.suggestions else ""
            raise ApplicationError(f"Unknown delegation “{(name or '').strip()}”: it is not in the list of delegations.{hint}", field="delegation")
        return found

    def many(self, names: Iterable[str | Delegation]) -> list[Delegation]:
        return [self.get(n) for n in names or ()]
