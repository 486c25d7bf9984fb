"""The three roles and what each may do. Views and services ask here, never ad hoc."""
from django.contrib.auth.models import Group

SECRETARIAT = "secretariat"
DELEGATE = "delegate"
REVIEWER = "reviewer"
ROLES = (SECRETARIAT, DELEGATE, REVIEWER)


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser and role == SECRETARIAT:
        return True
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = user._role_names = set(user.groups.values_list("name", flat=True))
    return role in cache


def is_secretariat(user) -> bool:
    return has_role(user, SECRETARIAT)


def delegation_of(user):
    """The delegation a delegate speaks for, or None."""
    from negotiation.models import DelegateProfile

    if not has_role(user, DELEGATE):
        return None
    try:
        return user.delegate_profile.delegation
    except DelegateProfile.DoesNotExist:
        return None


def can_edit_text(user, draft, sponsorships=None) -> bool:
    """The secretariat, the draft's facilitators, and delegates of its active main sponsors,
    bring in or edit its text. Pass the draft's ``sponsorships`` when they are loaded already: no query then."""
    if is_secretariat(user) or is_facilitator(user, draft):
        return True
    delegation = delegation_of(user)
    if delegation is None:
        return False
    if sponsorships is None:
        sponsorships = draft.sponsorships.filter(delegation=delegation)
    return any(s.delegation_id == delegation.pk and s.role == "main" and s.withdrawn_on is None for s in sponsorships)


def is_facilitator(user, draft) -> bool:
    """A user the secretariat or a main sponsor assigned to facilitate ``draft`` (a draft or
    its id)."""
    if draft is None or not user.is_authenticated:
        return False
    cache = getattr(user, "_facilitated", None)
    if cache is None:
        cache = user._facilitated = set(user.facilitations.values_list("draft_id", flat=True))
    return getattr(draft, "pk", draft) in cache


def can_facilitate(user, draft) -> bool:
    """Set paragraph status, resolve brackets, incorporate proposals: the draft's facilitators
    and the secretariat."""
    return is_secretariat(user) or is_facilitator(user, draft)


def can_propose(user) -> bool:
    """Delegates propose, support and object, for their delegation."""
    return delegation_of(user) is not None


def can_import(user) -> bool:
    """Delegates and the secretariat bring texts in; reviewers only read."""
    return is_secretariat(user) or delegation_of(user) is not None


def ensure_groups() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
