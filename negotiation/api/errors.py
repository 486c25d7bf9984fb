"""Every error of the API has one shape: ``{"detail": message, "field": name or null}``.

``ApplicationError`` (a mistake the user can make, raised by the services) is a 400 with its
message and field, as the pages show it as a message. DRF's own errors (401, 403, 404, 405,
validation) are reshaped to the same form; a validation error keeps every message in ``errors``.
"""
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from negotiation.errors import ApplicationError


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a user can act on.")
    field = serializers.CharField(allow_null=True, required=False, help_text="The input field concerned, if any.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="For invalid input: every message, by field.",
    )


def _first(detail, prefix: str = "") -> tuple[str | None, str]:
    """(field, message) of the first message in a DRF error detail (dicts and lists nested)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            field, message = _first(value)
            name = key if key != "non_field_errors" else None
            return (field if field and name is None else name), message
        return None, ""
    if isinstance(detail, list):
        return _first(detail[0]) if detail else (None, "")
    return None, str(detail)


def _flat(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(key): [str(m) for m in (value if isinstance(value, list) else [value])] for key, value in detail.items()}
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, "field": exc.field}, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        field, message = _first(exc.detail)
        label = f"{field}: " if field else ""
        response.data = {"detail": f"{label}{message}", "field": field, "errors": _flat(exc.detail)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "field": None}
    return response
