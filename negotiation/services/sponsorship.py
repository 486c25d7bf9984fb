"""Joining and leaving the sponsorship of a draft, dated and recorded at a version."""
from datetime import date as date_type

from django.db import IntegrityError, transaction
from django.utils import timezone

from negotiation.errors import ApplicationError
from negotiation.models import Delegation, Draft, Sponsorship, Version
from negotiation.services.common import DelegationNames, validated_save


def delegation_by_name(name: str) -> Delegation:
    """The delegation named ``name`` ("the Philippines", "Turkey", any case), or a clear error."""
    return DelegationNames().get(name)


@transaction.atomic
def sponsor_add(*, draft: Draft, delegation: Delegation | str, role: str = Sponsorship.Role.CO,
                version: Version | None = None, joined_on: date_type | None = None,
                on_behalf_of: Delegation | str | None = None, subsequently_joined: bool = False, user=None) -> Sponsorship:
    """Make ``delegation`` a sponsor of ``draft`` as of ``version`` (the latest one by default)."""
    if isinstance(delegation, str):
        delegation = delegation_by_name(delegation)
    if isinstance(on_behalf_of, str):
        on_behalf_of = delegation_by_name(on_behalf_of)
    if on_behalf_of is not None and not on_behalf_of.is_group:
        raise ApplicationError(f"{on_behalf_of} is not a group; a delegation sponsors on behalf of a group.", field="on_behalf_of")
    version = version or draft.versions.order_by("-sequence").first()
    if version is None or version.draft_id != draft.pk:
        raise ApplicationError(f"Sponsorship must be recorded at a version of {draft}.")
    if draft.sponsorships.filter(delegation=delegation, withdrawn_on__isnull=True).exists():
        raise ApplicationError(f"{delegation} already sponsors {draft}.")
    joined_on = joined_on or version.date or timezone.localdate()
    closed = sponsorship_closed_by(draft)
    if closed is not None and joined_on > closed.date:
        raise ApplicationError(
            f"Sponsorship of {draft} closed when it was {closed.get_outcome_display()} on {closed.date:%-d %B %Y} "
            f"(meeting {closed.meeting_number}): {delegation} cannot join after that.", field="joined_on")
    sponsorship = Sponsorship(
        draft=draft, delegation=delegation, role=role, on_behalf_of=on_behalf_of, joined_version=version,
        joined_on=joined_on, subsequently_joined=subsequently_joined,
    )
    try:
        with transaction.atomic():
            return validated_save(sponsorship, reason=f"{delegation} joined as {sponsorship.get_role_display()}", user=user)
    except IntegrityError as exc:  # a double click racing past the check above
        raise ApplicationError(f"{delegation} already sponsors {draft}.") from exc


@transaction.atomic
def sponsor_withdraw(*, sponsorship: Sponsorship, version: Version | None = None,
                     withdrawn_on: date_type | None = None, user=None) -> Sponsorship:
    """Record that a sponsor withdrew, as of ``version`` (the latest one by default)."""
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if sponsorship.withdrawn_on is not None:
        raise ApplicationError(f"{sponsorship.delegation} has already withdrawn from {sponsorship.draft}.")
    version = version or sponsorship.draft.versions.order_by("-sequence").first()
    if version.draft_id != sponsorship.draft_id:
        raise ApplicationError(f"Withdrawal must be recorded at a version of {sponsorship.draft}.")
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < sponsorship.joined_on:
        raise ApplicationError("A sponsor cannot withdraw before joining.")
    sponsorship.withdrawn_version, sponsorship.withdrawn_on = version, withdrawn_on
    return validated_save(sponsorship, reason=f"{sponsorship.delegation} withdrew", user=user)


# Outcomes after which a draft takes no more sponsors: its text is final (or gone).
FINAL_OUTCOMES = ("adopted", "rejected", "withdrawn")


def sponsorship_closed_by(draft: Draft):
    """The action that closed ``draft``'s sponsorship (its first final action), or None.

    A draft is sponsored until the body that has it takes final action on it: adoption,
    rejection or withdrawal (a vote on an amendment does not count; a recommendation to the
    parent body does not close it either — delegations still join before the parent acts).
    """
    from negotiation.models import Action

    return (Action.objects.filter(version__draft=draft, outcome__in=FINAL_OUTCOMES, amendment="")
            .order_by("date", "meeting_number", "pk").first())


def _current_issued(draft: Draft) -> Version:
    version = draft.versions.filter(is_issued=True).order_by("-sequence").first()
    if version is None:
        raise ApplicationError(f"{draft} has no issued version yet: delegations co-sponsor an issued text.")
    return version


@transaction.atomic
def sponsor_join(*, draft: Draft, user) -> tuple[Sponsorship, bool]:
    """A delegate's one click: their delegation co-sponsors ``draft`` from today, recorded at its
    current issued version. Idempotent (a double click writes once); returns (sponsorship, created)."""
    from negotiation import roles

    delegation = roles.delegation_of(user)
    if delegation is None:
        raise ApplicationError("Only delegates can join the sponsorship of a draft, for their own delegation.")
    Draft.objects.select_for_update().get(pk=draft.pk)  # two clicks: the second waits, then finds the first
    existing = draft.sponsorships.filter(delegation=delegation, withdrawn_on__isnull=True).first()
    if existing is not None:
        return existing, False
    version = _current_issued(draft)
    return sponsor_add(draft=draft, delegation=delegation, role=Sponsorship.Role.CO, version=version,
                       joined_on=timezone.localdate(), user=user), True


@transaction.atomic
def sponsor_leave(*, draft: Draft, user) -> tuple[Sponsorship | None, bool]:
    """A delegate withdraws their delegation's co-sponsorship, dated today, at the current issued
    version. Idempotent; main sponsors withdraw through the secretariat."""
    from negotiation import roles

    delegation = roles.delegation_of(user)
    if delegation is None:
        raise ApplicationError("Only delegates can withdraw from the sponsorship of a draft, for their own delegation.")
    Draft.objects.select_for_update().get(pk=draft.pk)
    existing = draft.sponsorships.filter(delegation=delegation, withdrawn_on__isnull=True).first()
    if existing is None:
        return None, False
    if existing.role == Sponsorship.Role.MAIN:
        raise ApplicationError(f"{delegation} is a main sponsor of {draft}; a main sponsor withdraws through the secretariat.")
    return sponsor_withdraw(sponsorship=existing, version=_current_issued(draft), withdrawn_on=timezone.localdate(), user=user), True
