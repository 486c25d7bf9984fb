"""Following drafts: follow, stop following, mark as seen, and the e-mail digest.

Any signed-in user may follow a draft they may see (``selectors.visible_drafts``); what they
are shown about it is filtered by the same visibility (``selectors.following``).
"""
from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from negotiation.errors import ApplicationError
from negotiation.models import Draft, Following


def _visible(user, draft: Draft) -> bool:
    from negotiation.selectors import visible_drafts

    return visible_drafts(user).filter(pk=draft.pk).exists()


@transaction.atomic
def follow(*, user, draft: Draft, email_digest: bool = False) -> tuple[Following, bool]:
    """``user`` follows ``draft`` from now on (changes before now are not news). Idempotent."""
    if not getattr(user, "is_authenticated", False):
        raise ApplicationError("Sign in to follow a draft.")
    if not _visible(user, draft):
        raise ApplicationError("There is no such draft.")
    existing = Following.objects.filter(user=user, draft=draft).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Following.objects.create(user=user, draft=draft, last_seen=timezone.now(), email_digest=email_digest), True
    except IntegrityError:  # a double click racing past the check above
        return Following.objects.get(user=user, draft=draft), False


def unfollow(*, user, draft: Draft) -> bool:
    """``user`` stops following ``draft``; False if they were not following it."""
    deleted, _ = Following.objects.filter(user=user, draft=draft).delete()
    return bool(deleted)


def digest_set(*, user, draft: Draft, on: bool) -> Following:
    following = Following.objects.filter(user=user, draft=draft).first()
    if following is None:
        raise ApplicationError("Follow the draft first, then ask for its e-mail digest.")
    if on and not user.email:
        raise ApplicationError("Your account has no e-mail address: ask the secretariat to add one.")
    following.email_digest = on
    following.save(update_fields=["email_digest"])
    return following


def mark_seen(*, user, draft: Draft | None = None, at=None) -> int:
    """Everything up to now (or ``at``) on ``draft`` (or on every followed draft) is seen."""
    rows = Following.objects.filter(user=user)
    if draft is not None:
        rows = rows.filter(draft=draft)
    return rows.update(last_seen=at or timezone.now())


def digests_send(*, now=None) -> int:
    """One e-mail per user who asked for digests, listing what changed on each followed draft
    since their last digest (or since they began following). Returns the number of e-mails sent.
    Uses Django's e-mail framework (console backend unless EMAIL_BACKEND says otherwise)."""
    from negotiation.selectors.following import changes_for

    now = now or timezone.now()
    sent = 0
    by_user: dict[int, list[Following]] = {}
    for following in Following.objects.filter(email_digest=True).select_related("user", "draft"):
        by_user.setdefault(following.user_id, []).append(following)
    for followings in by_user.values():
        user = followings[0].user
        if not user.email or not user.is_active:
            continue
        changes = [c for c in (changes_for(user, f, since=f.last_sent or f.since) for f in followings) if c.events]
        if changes:
            body = render_to_string("negotiation/email/digest.txt", {"user": user, "changes": changes,
                                                                     "site": getattr(settings, "SITE_URL", "")})
            count = sum(len(c.events) for c in changes)
            send_mail(f"Negotiation tracker: {count} change{'s' if count != 1 else ''} on the drafts you follow",
                      body, None, [user.email])
            sent += 1
        Following.objects.filter(pk__in=[f.pk for f in followings]).update(last_sent=now)
    return sent
