"""The text limits of this deployment: ``settings.TEXT_LIMITS`` over the defaults.

One set for import, editor and commands (see ``negotiation.text.limits``)."""
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed

from negotiation.text.limits import TextLimits


@lru_cache(maxsize=1)
def text_limits() -> TextLimits:
    return TextLimits.from_mapping(getattr(settings, "TEXT_LIMITS", None))


def _clear(*, setting, **kwargs):
    if setting == "TEXT_LIMITS":
        text_limits.cache_clear()


setting_changed.connect(_clear)
