"""Small helpers every service uses: validation to ApplicationError, history reasons."""
from django.core.exceptions import ValidationError

from negotiation.errors import ApplicationError


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
