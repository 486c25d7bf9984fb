"""The three roles and what each may do. Views and services ask here, never ad hoc.

A user's roles (groups, the drafts the user facilitates, the delegation) are kept on the user
object once read: for the request's user, read with the user itself, in one query, by the
authentication backend (``RolesBackend``); for any other user object, each the first time it
is asked.
"""
import functools

from django.contrib.auth.backends import ModelBackend
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
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = set(user.groups.values_list("name", flat=True))
    return role in names


def is_secretariat(user) -> bool:
    return has_role(user, SECRETARIAT)


def delegation_of(user):
    """The delegation a delegate speaks for, or None."""
    from negotiation.models import DelegateProfile

    if not has_role(user, DELEGATE):
        return None
    if hasattr(user, "_delegation"):  # read with the user (RolesBackend)
        return user._delegation
    try:
        return user.delegate_profile.delegation
    except DelegateProfile.DoesNotExist:
        return None


# --- The user and the user's roles in one query, once per request -----------------------------
@functools.cache
def _columns():
    from django.contrib.auth import get_user_model

    from negotiation.models import Delegation
    from negotiation.selectors.rows import ModelColumns

    return ModelColumns(get_user_model()), ModelColumns(Delegation)


@functools.cache
def _user_sql() -> str:
    """The user's row, with the delegation of the user's delegate profile (if any), once per
    group the user is in, per draft the user facilitates and per draft the user follows (or
    once): the user's columns, the delegation's, then (what: "g", "f" or "w", the group's name,
    the draft's id). Four parameters, each the user's id."""
    from django.db import connection

    from negotiation.models import DelegateProfile, Facilitation
    from negotiation.models.following import Following

    q = connection.ops.quote_name
    following = Following._meta
    user, delegation = _columns()
    users, delegations = q(user.model._meta.db_table), q(delegation.model._meta.db_table)
    through = Group.user_set.through._meta
    groups, memberships = q(Group._meta.db_table), q(through.db_table)
    facilitation, profile = Facilitation._meta, DelegateProfile._meta
    profiles = q(profile.db_table)
    roles = (f"SELECT 'g' AS {q('what')}, {groups}.{q('name')} AS {q('name')}, NULL AS {q('ref')} FROM {groups} "
             f"INNER JOIN {memberships} ON {memberships}.{q(through.get_field('group').column)} = {groups}.{q(Group._meta.pk.column)} "
             f"WHERE {memberships}.{q(through.get_field('user').column)} = %s "
             f"UNION ALL SELECT 'f', NULL, {q(facilitation.get_field('draft').column)} FROM {q(facilitation.db_table)} "
             f"WHERE {q(facilitation.get_field('user').column)} = %s "
             f"UNION ALL SELECT 'w', NULL, {q(following.get_field('draft').column)} FROM {q(following.db_table)} "
             f"WHERE {q(following.get_field('user').column)} = %s")
    return (f"SELECT {user.sql}, {delegation.sql}, r.{q('what')}, r.{q('name')}, r.{q('ref')} FROM {users} "
            f"LEFT OUTER JOIN {profiles} ON {profiles}.{q(profile.get_field('user').column)} = {users}.{q(user.model._meta.pk.column)} "
            f"LEFT OUTER JOIN {delegations} ON {delegations}.{q(delegation.model._meta.pk.column)} = "
            f"{profiles}.{q(profile.get_field('delegation').column)} "
            f"LEFT OUTER JOIN ({roles}) r ON 1 = 1 "
            f"WHERE {users}.{q(user.model._meta.pk.column)} = %s")


class RolesBackend(ModelBackend):
    """Django's ModelBackend, with ``get_user`` (once per request, for the session's user)
    reading the user with the user's roles (groups, facilitated drafts, delegation) and the
    drafts the user follows in one query, where each would otherwise cost one of its own. A statement prepared once per
    connection on PostgreSQL."""

    def get_user(self, user_id):
        from django.db import connection

        from negotiation.selectors.rows import execute_prepared

        user_columns, delegation_columns = _columns()
        try:
            user_id = user_columns.model._meta.pk.to_python(user_id)
        except Exception:  # noqa: BLE001 - a malformed id in a session: no user
            return None
        with connection.cursor() as cursor:
            execute_prepared(cursor, "negotiation_user_roles", _user_sql(), [user_id] * 4)
            rows = cursor.fetchall()
        if not rows:
            return None
        a = len(user_columns)
        b = a + len(delegation_columns)
        user = user_columns.instance(rows[0][:a])
        user._delegation = delegation_columns.instance(rows[0][a:b]) if rows[0][a] is not None else None
        user._role_names = {row[b + 1] for row in rows if row[b] == "g"}
        user._facilitated = {row[b + 2] for row in rows if row[b] == "f"}
        user._followed = {row[b + 2] for row in rows if row[b] == "w"}  # selectors.following.is_following
        return user if self.user_can_authenticate(user) else None


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
