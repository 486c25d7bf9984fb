"""Issued versions are immutable in the database, not only in save() (issue 13, part 5).

Each refusal is checked for real: the error, then every row of drafts, versions and paragraphs
exactly as before. The PostgreSQL triggers (migration 0005) are exercised with raw SQL and with
Django's plain base manager, which skips the model and queryset guards; on SQLite those tests
skip (CI runs them on PostgreSQL). The admin goes through the same rules, over HTTP.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, ProtectedError
from django.urls import reverse

from negotiation.errors import ApplicationError
from negotiation.models import Action, Draft, Paragraph, Version, Vote, VoteCast
from negotiation.services.actions import action_record
from negotiation.services.editing import oral_revision_record, working_issue, working_version_start
from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed, require_or_skip

APRIL_11 = datetime.date(2011, 4, 11)


def _state() -> dict:
    """Every row that must not change, field by field."""
    return {
        "drafts": list(Draft.objects.order_by("pk").values()),
        "versions": list(Version.objects.order_by("pk").values()),
        "paragraphs": list(Paragraph.objects.order_by("pk").values()),
    }


def _parsed():
    return make_parsed(["Recalling its resolution 19/1,"], ["Requests the Office to report;", "Decides to remain seized of the matter."])


@pytest.fixture
def issued(reference, secretariat_user):
    """E/CN.15/2011/L.41 issued, with no sponsors (nothing else protects it)."""
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.41", title="Issued text", user=secretariat_user)
    return version_create(draft=draft, label="L.41", kind="issued", parsed=_parsed(), is_issued=True, date=APRIL_11,
                          user=secretariat_user)


@pytest.fixture
def working(issued, secretariat_user):
    """The working text started from L.41 (same draft)."""
    return working_version_start(draft=issued.draft, user=secretariat_user)


@pytest.fixture
def informal_only(reference, secretariat_user):
    """A draft whose only version is an informal working text."""
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.42", title="Informal only", user=secretariat_user)
    return version_create(draft=draft, label="Chair's text", kind="informal", parsed=_parsed(), is_issued=False, user=secretariat_user)


def _refused(call, error=ApplicationError, match=None):
    """``call()`` raises ``error`` inside a savepoint (so the test can go on) and changes nothing."""
    before = _state()
    with pytest.raises(error, match=match):
        with transaction.atomic():
            call()
    assert _state() == before


def _postgresql():
    if connection.vendor != "postgresql":
        require_or_skip("the immutability triggers exist on PostgreSQL only (set DATABASE_URL; CI runs them)")


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_with_issued_versions_cannot_be_deleted_from_code(issued):
    draft = issued.draft
    _refused(draft.delete, match=r"draft with issued versions cannot be deleted \(L\.41\)")
    _refused(lambda: Draft.objects.filter(pk=draft.pk).delete(), match="issued versions are permanent")
    # Django's plain manager skips those methods; the cascade itself refuses (Version.draft).
    _refused(lambda: Draft._base_manager.filter(pk=draft.pk).delete(), error=ProtectedError)
    assert Paragraph.objects.filter(version=issued).count() == 5


def test_a_draft_with_only_working_versions_is_deleted_with_them(informal_only):
    draft = informal_only.draft
    draft.delete()
    assert not Draft.objects.filter(pk=draft.pk).exists()
    assert not Version.objects.filter(pk=informal_only.pk).exists()
    assert not Paragraph.objects.filter(version_id=informal_only.pk).exists()


def test_admin_refuses_to_delete_a_draft_with_issued_versions_and_says_why(client, secretariat_user, issued):
    client.force_login(secretariat_user)
    before = _state()
    url = reverse("admin:negotiation_draft_delete", args=[issued.draft_id])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Issued versions are permanent" in html and "protected" in html and "L.41" in html
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the refusal page again, not a redirect, not a 500
    assert "Issued versions are permanent" in response.content.decode()
    # The list's "delete selected" action refuses the same way.
    bulk = client.post(reverse("admin:negotiation_draft_changelist"),
                       {"action": "delete_selected", "_selected_action": [issued.draft_id], "post": "yes"})
    assert bulk.status_code == 200 and "Issued versions are permanent" in bulk.content.decode()
    assert _state() == before


def test_admin_still_deletes_a_draft_with_only_working_versions(client, secretariat_user, informal_only, reference):
    client.force_login(secretariat_user)
    response = client.post(reverse("admin:negotiation_draft_delete", args=[informal_only.draft_id]), {"post": "yes"})
    assert response.status_code == 302
    assert not Draft.objects.filter(pk=informal_only.draft_id).exists()
    other = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.43", title="Another", user=secretariat_user)
    version_create(draft=other, label="Chair's text", kind="informal", parsed=_parsed(), is_issued=False, user=secretariat_user)
    bulk = client.post(reverse("admin:negotiation_draft_changelist"),
                       {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"})
    assert bulk.status_code == 302
    assert not Draft.objects.filter(pk=other.pk).exists() and not Paragraph.objects.filter(version__draft_id=other.pk).exists()


# --- versions ------------------------------------------------------------------------------------


def test_an_issued_version_refuses_delete_and_bulk_update(issued, working):
    _refused(issued.delete, match="L.41 is issued and cannot be deleted")
    _refused(lambda: Version.objects.filter(pk=issued.pk).delete(), match=r"Issued versions cannot be deleted \(L\.41\)")
    _refused(lambda: Version.objects.filter(pk=issued.pk).update(title="Rewritten"), match="cannot be changed")
    _refused(lambda: issued.draft.versions.all().delete())  # working and issued together: all refused
    _refused(lambda: issued.draft.versions.update(sponsor_line="Nobody"))
    issued.title = "Rewritten"
    _refused(issued.save, match="is issued and cannot change")


def test_working_versions_still_change_and_go(working):
    Version.objects.filter(pk=working.pk).update(revision=F("revision") + 1, title="Retitled")
    working.refresh_from_db()
    assert (working.revision, working.title) == (2, "Retitled")
    working.delete()
    assert not Version.objects.filter(pk=working.pk).exists()


def test_issuing_a_working_version_is_allowed_and_then_final(working, secretariat_user):
    version = working_issue(version=working, label="L.41/Rev.1", date=APRIL_11, user=secretariat_user)
    assert version.is_issued
    _refused(lambda: Version.objects.filter(pk=version.pk).update(title="Later"))
    _refused(lambda: version.paragraphs.update(text="Later"))


def test_an_oral_revision_of_the_working_text_is_recorded_shared_and_issued(working, secretariat_user):
    version = oral_revision_record(draft=working.draft, label="L.41, as orally revised", date=APRIL_11, user=secretariat_user)
    version.refresh_from_db()
    assert (version.pk, version.is_issued, version.is_shared, version.kind) == (working.pk, True, True, "oral")


def test_deleting_the_user_who_stored_an_issued_version_only_forgets_who(issued, django_user_model):
    author = django_user_model.objects.create_user(username="author", password="x")
    Version._base_manager.filter(pk=issued.pk).update(created_by=author)  # stored by that user (base manager: no guard)
    author.delete()
    issued.refresh_from_db()
    assert issued.created_by_id is None and issued.is_issued


def test_admin_keeps_issued_versions_view_only_and_refuses_to_delete_them(client, secretariat_user, issued, working):
    client.force_login(secretariat_user)
    before = _state()
    change = reverse("admin:negotiation_version_change", args=[issued.pk])
    page = client.get(change).content.decode()
    assert "Requests the Office to report;" in page and 'name="_save"' not in page
    assert client.post(change, {"title": "Rewritten"}).status_code == 403
    bulk = client.post(reverse("admin:negotiation_version_changelist"),
                       {"action": "delete_selected", "_selected_action": [issued.pk, working.pk], "post": "yes"})
    assert bulk.status_code == 200
    html = bulk.content.decode()
    assert "Issued versions are permanent" in html and "E/CN.15/2011/L.41 (issued)" in html
    assert _state() == before


# --- paragraphs ----------------------------------------------------------------------------------


def test_paragraphs_of_an_issued_version_refuse_delete_save_and_bulk_update(issued, working):
    paragraph = issued.paragraphs.get(kind="operative", number="1")
    _refused(paragraph.delete, match="its paragraphs cannot be deleted")
    paragraph.text = "Requests nothing;"
    _refused(paragraph.save, match="its paragraphs cannot change")
    paragraph.refresh_from_db()
    _refused(lambda: Paragraph.objects.filter(version=issued).update(text="Gone"), match=r"cannot be changed \(L\.41\)")
    _refused(lambda: Paragraph.objects.filter(version=issued).delete(), match="cannot be deleted")
    _refused(lambda: issued.paragraphs.all().delete())
    paragraph.text = "Requests nothing;"
    _refused(lambda: Paragraph.objects.bulk_update([paragraph], ["text"]))
    # A mixed selection (working and issued paragraphs) is refused whole.
    _refused(lambda: Paragraph.objects.filter(version__draft=issued.draft).update(level=F("level") + 1))
    # Moving a working paragraph into the issued version changes issued text too.
    moved = working.paragraphs.get(kind="operative", number="2")
    _refused(lambda: Paragraph.objects.filter(pk=moved.pk).update(version=issued, position=99))


def test_paragraphs_of_a_working_version_still_change(working):
    rows = Paragraph.objects.filter(version=working)
    assert rows.update(changed_in_revision=2) == 5
    row = working.paragraphs.get(kind="operative", number="2")
    row.text = "Decides to conclude."
    Paragraph.objects.bulk_update([row], ["text"])
    working.paragraphs.get(kind="operative", number="1").delete()
    assert working.paragraphs.count() == 4
    assert working.paragraphs.get(pk=row.pk).text == "Decides to conclude."


# --- the database itself (PostgreSQL triggers) ----------------------------------------------------


def _sql_refused(sql, params):
    before = _state()
    with pytest.raises(IntegrityError, match="issued"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert _state() == before


def test_postgresql_refuses_raw_sql_that_changes_issued_text(issued, working):
    _postgresql()
    one = issued.paragraphs.get(kind="operative", number="1").pk
    _sql_refused("UPDATE negotiation_paragraph SET text = 'Gone' WHERE version_id = %s", [issued.pk])
    _sql_refused("UPDATE negotiation_paragraph SET position = position WHERE id = %s", [one])  # even a no-op write
    _sql_refused("DELETE FROM negotiation_paragraph WHERE id = %s", [one])
    _sql_refused("UPDATE negotiation_paragraph SET version_id = %s, position = 99 WHERE id = %s",
                 [issued.pk, working.paragraphs.get(kind="operative", number="1").pk])
    _sql_refused("DELETE FROM negotiation_version WHERE id = %s", [issued.pk])
    for column, value in [("title", "Rewritten"), ("label", "L.41/Rev.9"), ("is_issued", False), ("sequence", 77),
                          ("enacting_formula", "The Council,"), ("date", datetime.date(2011, 4, 12))]:
        _sql_refused(f"UPDATE negotiation_version SET {column} = %s WHERE id = %s", [value, issued.pk])


def test_postgresql_refuses_the_orm_paths_that_skip_the_model_guards(issued):
    _postgresql()
    # The base manager is a plain QuerySet: no ApplicationError, the trigger answers instead.
    _refused(lambda: Paragraph._base_manager.filter(version=issued).update(text="Gone"), error=IntegrityError)
    _refused(lambda: Version._base_manager.filter(pk=issued.pk).update(title="Rewritten"), error=IntegrityError)
    _refused(lambda: Paragraph._base_manager.filter(version=issued).delete(), error=IntegrityError)


def test_postgresql_still_allows_what_the_app_changes(issued, working):
    _postgresql()
    with connection.cursor() as cursor:
        # The counters and flags the app sets on any version, and the author forgotten with a user.
        cursor.execute("UPDATE negotiation_version SET revision = revision + 1, is_shared = true, created_by_id = NULL "
                       "WHERE id = %s", [issued.pk])
        cursor.execute("UPDATE negotiation_paragraph SET text = 'Free to change' WHERE version_id = %s AND kind = 'operative'",
                       [working.pk])
        cursor.execute("UPDATE negotiation_version SET is_issued = true, label = 'L.41/Rev.1', kind = 'issued' WHERE id = %s",
                       [working.pk])
    assert Version.objects.get(pk=working.pk).is_issued
    _sql_refused("UPDATE negotiation_paragraph SET text = 'Too late' WHERE version_id = %s", [working.pk])


# --- votes: the same rule in services, model validation and the admin ------------------------------


@pytest.fixture
def recorded_vote(issued, secretariat_user):
    action = action_record(version=issued, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted",
                           user=secretariat_user,
                           vote={"kind": "recorded", "in_favour": 2, "against": 1, "abstaining": 0,
                                 "lists": {"in_favour": ["Norway", "Philippines"], "against": ["Türkiye"]}})
    return Vote.objects.get(action=action)


def _vote_state(vote):
    return {
        "votes": list(Vote.objects.order_by("pk").values()),
        "casts": sorted(VoteCast.objects.values_list("vote_id", "delegation__short_name", "position")),
        "history": (Vote.history.count(), VoteCast.history.count()),
    }


def _vote_post(vote, *, kind=None, counts=None, casts=(), action=None):
    """The admin vote page's POST: the vote's fields and its inline lists. ``casts`` are
    (cast or None, delegation, position, delete) rows, existing casts first."""
    counts = counts or {}
    data = {
        "action": action.pk if action else vote.action_id, "kind": kind or vote.kind,
        **{key: counts.get(key, getattr(vote, key) if vote else "") for key in ("in_favour", "against", "abstaining")},
        "casts-TOTAL_FORMS": len(casts), "casts-INITIAL_FORMS": sum(1 for c in casts if c[0] is not None),
        "casts-MIN_NUM_FORMS": 0, "casts-MAX_NUM_FORMS": 1000,
    }
    for key in ("in_favour", "against", "abstaining"):
        data[key] = "" if data[key] is None else data[key]
    for i, (cast, delegation, position, delete) in enumerate(casts):
        data.update({f"casts-{i}-id": cast.pk if cast else "", f"casts-{i}-vote": vote.pk if vote else "",
                     f"casts-{i}-delegation": delegation.pk, f"casts-{i}-position": position})
        if delete:
            data[f"casts-{i}-DELETE"] = "on"
    return data


def _existing(vote, delete=()):
    return [(c, c.delegation, c.position, c.delegation.short_name in delete)
            for c in vote.casts.select_related("delegation").order_by("pk")]


def test_vote_validation_refuses_counts_that_contradict_the_stored_lists(recorded_vote):
    recorded_vote.full_clean()  # as recorded: consistent
    recorded_vote.in_favour = 3
    with pytest.raises(ValidationError, match="3 in favour but 2 delegations listed"):
        recorded_vote.full_clean()
    recorded_vote.refresh_from_db()
    recorded_vote.kind = "without_vote"
    with pytest.raises(ValidationError, match="without a vote has no counts and no voting lists"):
        recorded_vote.full_clean()


def test_admin_refuses_counts_that_contradict_the_lists_and_saves_nothing(client, secretariat_user, recorded_vote):
    client.force_login(secretariat_user)
    before = _vote_state(recorded_vote)
    url = reverse("admin:negotiation_vote_change", args=[recorded_vote.pk])
    response = client.post(url, _vote_post(recorded_vote, counts={"in_favour": 3}, casts=_existing(recorded_vote)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The vote counts do not match the lists: 3 in favour but 2 delegations listed." in html
    assert _vote_state(recorded_vote) == before


def test_admin_refuses_lists_that_contradict_the_counts_and_saves_nothing(client, secretariat_user, recorded_vote):
    from negotiation.models import Delegation

    client.force_login(secretariat_user)
    before = _vote_state(recorded_vote)
    url = reverse("admin:negotiation_vote_change", args=[recorded_vote.pk])
    dropped = client.post(url, _vote_post(recorded_vote, casts=_existing(recorded_vote, delete=["Norway"])))
    assert dropped.status_code == 200
    assert "2 in favour but 1 delegations listed" in dropped.content.decode()
    added = _existing(recorded_vote) + [(None, Delegation.objects.get(short_name="Italy"), "abstaining", False)]
    extra = client.post(url, _vote_post(recorded_vote, casts=added))
    assert extra.status_code == 200 and "0 abstaining but 1 delegations listed" in extra.content.decode()
    unrecorded = client.post(url, _vote_post(recorded_vote, kind="non_recorded", casts=_existing(recorded_vote)))
    assert unrecorded.status_code == 200 and "Only a recorded vote has lists of delegations." in unrecorded.content.decode()
    assert _vote_state(recorded_vote) == before


def test_admin_saves_counts_and_lists_changed_together(client, secretariat_user, recorded_vote):
    from negotiation.models import Delegation

    client.force_login(secretariat_user)
    url = reverse("admin:negotiation_vote_change", args=[recorded_vote.pk])
    casts = _existing(recorded_vote) + [(None, Delegation.objects.get(short_name="Italy"), "abstaining", False)]
    response = client.post(url, _vote_post(recorded_vote, counts={"abstaining": 1}, casts=casts))
    assert response.status_code == 302, response.content.decode()[:3000]
    recorded_vote.refresh_from_db()
    assert (recorded_vote.in_favour, recorded_vote.against, recorded_vote.abstaining) == (2, 1, 1)
    assert recorded_vote.listed_counts() == {"in_favour": 2, "against": 1, "abstaining": 1}


def test_admin_refuses_a_new_inconsistent_vote_and_creates_nothing(client, secretariat_user, issued):
    from negotiation.models import Delegation

    client.force_login(secretariat_user)
    action = action_record(version=issued, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted", user=secretariat_user)
    before = _vote_state(None)
    casts = [(None, Delegation.objects.get(short_name="Italy"), "in_favour", False)]
    response = client.post(reverse("admin:negotiation_vote_add"),
                           _vote_post(None, kind="recorded", counts={"in_favour": 2, "against": 0, "abstaining": 0},
                                      casts=casts, action=action))
    assert response.status_code == 200
    assert "2 in favour but 1 delegations listed" in response.content.decode()
    assert _vote_state(None) == before and not Vote.objects.filter(action=action).exists()
    assert Action.objects.filter(pk=action.pk).exists()
