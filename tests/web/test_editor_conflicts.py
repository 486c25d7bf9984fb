"""The conflict screen names who made the other change, when, and the paragraph as negotiators
cite it (OP12, OP3 (a), Art. 4.2), from the paragraphs' history; everything stays escaped."""
import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from negotiation.services.editing import (
    EditConflict,
    paragraph_delete,
    paragraph_update,
    version_items,
    working_version_start,
)
from negotiation.text.merge import blocks_from_items
from tests.conftest import _user

AT = datetime.datetime(2026, 11, 24, 14, 32, tzinfo=datetime.timezone.utc)


@pytest.fixture
def working(draft_l13, delegate_user):
    return working_version_start(draft=draft_l13, user=delegate_user)


@pytest.fixture
def maria(django_user_model, reference):
    return _user(django_user_model, "m-rossi", "delegate", delegation="Italy", first_name="Maria", last_name="Rossi")


def _token(client, version):
    page = client.get(reverse("editor", args=[version.draft_id, version.pk]))
    return re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)


def _state(version):
    return blocks_from_items(version_items(version))


def _save(client, version, token, state):
    return client.post(reverse("editor", args=[version.draft_id, version.pk]), {"token": token, "state": json.dumps(state)})


def _lineage(version, start):
    return str(version.paragraphs.get(text__startswith=start).lineage)


def _at(monkeypatch, moment, action):
    """Run ``action`` with the clock at ``moment`` (the history records its time)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    try:
        return action()
    finally:
        monkeypatch.undo()


def test_conflict_names_the_other_delegate_the_time_and_the_paragraph(client, delegate_user, maria, working, monkeypatch):
    client.force_login(delegate_user)
    token = _token(client, working)
    _at(monkeypatch, AT, lambda: paragraph_update(version=working, lineage=_lineage(working, "Decides"),
                                                  text="Decides to close the matter.", base_revision=1, user=maria))
    state = _state(working)
    state[4]["text"] = "Decides to postpone the matter."
    response = _save(client, working, token, state)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<h1>Choose the text to keep in OP3</h1>" in html
    assert ("<strong>Maria Rossi (delegate of Italy)</strong> changed <strong>OP3</strong> at "
            '<time datetime="2026-11-24T14:32:00+00:00">14:32 UTC on 24 November 2026</time> while you were editing it.') in html
    assert "saved by Maria Rossi (delegate of Italy) at 14:32 UTC" in html  # beside their text
    assert "Someone else" not in html and "a paragraph" not in html
    mine, theirs = (re.search(rf'id="{side}-0">([^<]*)<', html).group(1) for side in ("mine", "theirs"))
    assert (mine, theirs) == ("Decides to postpone the matter.", "Decides to close the matter.")


def test_the_service_says_it_in_plain_words(delegate_user, maria, working, monkeypatch):
    lineage = _lineage(working, "Decides")
    _at(monkeypatch, AT, lambda: paragraph_update(version=working, lineage=lineage, text="Decides to close the matter.",
                                                  base_revision=1, user=maria))
    with pytest.raises(EditConflict) as info:
        paragraph_update(version=working, lineage=lineage, text="Decides to postpone the matter.", base_revision=1,
                         user=delegate_user, base_text="Decides to remain seized of the matter.")
    assert info.value.message == ("Maria Rossi (delegate of Italy) changed OP3 at 14:32 UTC on 24 November 2026 while you "
                                  "were editing it: choose which text to keep.")
    author = info.value.authors[lineage]
    assert (author.when, author.deleted, author.is_you) == (AT, False, False)


def test_a_later_save_that_only_renumbers_does_not_take_the_credit(client, delegate_user, maria, working, django_user_model, monkeypatch):
    """Maria changed OP3's words; then Paolo inserted an OP before it (OP3 became OP4 and its row
    was rewritten): Maria is still the one who changed it."""
    paolo = _user(django_user_model, "p-bianchi", "delegate", delegation="Italy", first_name="Paolo", last_name="Bianchi")
    client.force_login(delegate_user)
    token = _token(client, working)
    _at(monkeypatch, AT, lambda: paragraph_update(version=working, lineage=_lineage(working, "Decides"),
                                                  text="Decides to close the matter.", base_revision=1, user=maria))
    from negotiation.services.editing import paragraph_insert

    paragraph_insert(version=working, kind="operative", text="Urges Member States to act;", base_revision=2, user=paolo,
                     after=_lineage(working, "Requests"))
    state = _state(working)[:2] + [b for b in _state(working)[2:] if not b["text"].startswith("Urges")]
    state[4]["text"] = "Decides to postpone the matter."
    html = _save(client, working, token, state).content.decode()
    assert "<strong>Maria Rossi (delegate of Italy)</strong> changed <strong>OP4</strong> at" in html
    assert "Paolo" not in html


def test_a_paragraph_deleted_meanwhile_is_cited_as_the_user_saw_it(client, delegate_user, maria, working, monkeypatch):
    client.force_login(delegate_user)
    token = _token(client, working)
    _at(monkeypatch, AT, lambda: paragraph_delete(version=working, lineage=_lineage(working, "Invites"), base_revision=1, user=maria))
    state = _state(working)  # the page as loaded still has OP2
    state.insert(3, {"lineage": str(working.draft.versions.get(is_issued=True).paragraphs.get(text__startswith="Invites").lineage),
                     "kind": "operative", "text": "Invites all Member States to contribute;"})
    response = _save(client, working, token, state)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<strong>Maria Rossi (delegate of Italy)</strong> deleted <strong>OP2</strong> at" in html
    assert "(Maria Rossi (delegate of Italy) deleted this paragraph)" in html


def test_the_same_login_in_another_window_is_told_so(client, delegate_user, working):
    client.force_login(delegate_user)
    token = _token(client, working)
    first, second = _state(working), _state(working)
    first[2]["text"] = "Requests the Office to close;"
    second[2]["text"] = "Requests the Office to wait;"
    _save(client, working, token, first)
    html = _save(client, working, token, second).content.decode()
    assert "You (in another window or tab) changed <strong>OP1</strong> at" in html
    assert "from your other window" in html


def test_several_conflicts_each_name_their_author_and_label(client, delegate_user, maria, working, django_user_model):
    paolo = _user(django_user_model, "p-bianchi", "delegate", delegation="Italy", first_name="Paolo", last_name="Bianchi")
    client.force_login(delegate_user)
    token = _token(client, working)
    paragraph_update(version=working, lineage=_lineage(working, "Recalling"), text="Recalling its resolution 20/1,",
                     base_revision=1, user=maria)
    paragraph_update(version=working, lineage=_lineage(working, "Decides"), text="Decides to close the matter.",
                     base_revision=2, user=paolo)
    state = _state(working)
    state[0]["text"] = "Recalling its resolution 18/2,"
    state[4]["text"] = "Decides to postpone the matter."
    html = _save(client, working, token, state).content.decode()
    assert "<h1>Choose the text to keep in PP1 and OP3</h1>" in html
    assert '<a href="#conflict-0">PP1</a>: <strong>Maria Rossi (delegate of Italy)</strong> changed <strong>PP1</strong> at' in html
    assert '<a href="#conflict-1">OP3</a>: <strong>Paolo Bianchi (delegate of Italy)</strong> changed <strong>OP3</strong> at' in html


def test_a_sub_paragraph_is_cited_with_its_paragraph(client, delegate_user, maria, working):
    from negotiation.services.editing import paragraph_insert

    paragraph_insert(version=working, kind="subparagraph", text="on crime prevention;", base_revision=1, user=delegate_user,
                     parent=_lineage(working, "Decides"))
    client.force_login(delegate_user)
    token = _token(client, working)
    paragraph_update(version=working, lineage=_lineage(working, "on crime"), text="on crime prevention and justice;",
                     base_revision=2, user=maria)
    state = _state(working)
    state[4]["subparagraphs"][0]["text"] = "on crime prevention in cities;"
    html = _save(client, working, token, state).content.decode()
    assert "<strong>Maria Rossi (delegate of Italy)</strong> changed <strong>OP3 (a)</strong> at" in html


def test_a_treaty_paragraph_is_cited_by_article(client, reference, secretariat_user, delegate_user, maria):
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import draft_create, version_create
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, Paragraph, ParsedText

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.20", title="An agreement", user=secretariat_user)
    parsed = ParsedText(title="An agreement", enacting_formula="The Parties to this Agreement,", paragraphs=[
        Paragraph(kind=PREAMBULAR, text="Recognizing the need for cooperation,"),
        Paragraph(kind=OPERATIVE, number="1", section="Article 4 (adaptation)", text="Parties shall cooperate."),
        Paragraph(kind=OPERATIVE, number="2", section="Article 4 (adaptation)", text="Parties shall report every two years."),
    ])
    version_create(draft=draft, label="L.20", kind="issued", parsed=parsed, is_issued=True, date=datetime.date(2011, 4, 12), user=secretariat_user)
    sponsor_add(draft=draft, delegation="Italy", role="main", user=secretariat_user)
    working = working_version_start(draft=draft, user=delegate_user)
    client.force_login(delegate_user)
    token = _token(client, working)
    paragraph_update(version=working, lineage=_lineage(working, "Parties shall report"), text="Parties shall report every year.",
                     base_revision=1, user=maria)
    state = _state(working)
    state[2]["text"] = "Parties shall report every three years."
    html = _save(client, working, token, state).content.decode()
    assert "<h1>Choose the text to keep in Art. 4.2</h1>" in html
    assert "changed <strong>Art. 4.2</strong> at" in html


def test_names_and_texts_are_escaped(client, delegate_user, working, django_user_model):
    evil = _user(django_user_model, "evil", "delegate", delegation="Italy", first_name='<img src=x onerror="alert(1)">')
    client.force_login(delegate_user)
    token = _token(client, working)
    paragraph_update(version=working, lineage=_lineage(working, "Decides"), text="Decides <script>x()</script>.",
                     base_revision=1, user=evil)
    state = _state(working)
    state[4]["text"] = "Decides <b>nothing</b>."
    html = _save(client, working, token, state).content.decode()
    assert "<img src=x" not in html and "<script>x()" not in html and "<b>nothing" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; (delegate of Italy)" in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_resolving_after_a_named_conflict_still_saves_the_choice(client, delegate_user, maria, working):
    client.force_login(delegate_user)
    token = _token(client, working)
    paragraph_update(version=working, lineage=_lineage(working, "Decides"), text="Decides to close the matter.", base_revision=1, user=maria)
    state = _state(working)
    state[4]["text"] = "Decides to postpone the matter."
    html = _save(client, working, token, state).content.decode()
    resolve_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = client.post(reverse("conflict_resolve", args=[working.draft_id, working.pk]),
                           {"token": resolve_token, "choice-0": "edited", "text-0": "Decides to postpone consideration of the matter."})
    assert response.status_code == 302
    assert working.paragraphs.filter(text="Decides to postpone consideration of the matter.").exists()
