"""Following drafts: what changed since the last visit, and the e-mail digest."""
import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from negotiation.models import Following
from negotiation.services.actions import action_record
from negotiation.services.following import mark_seen
from negotiation.services.sponsorship import sponsor_add
from negotiation.services.versions import draft_create, version_create
from tests.conftest import make_parsed


def _follow(client, draft, **extra):
    return client.post(reverse("follow", args=[draft.pk]), {"do": "follow", **extra})


def test_following_needs_a_sign_in_and_nothing_is_written(client, draft_l13):
    response = _follow(client, draft_l13)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(reverse("following")).status_code == 302
    assert not Following.objects.exists()


def test_follow_needs_post(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    assert client.get(reverse("follow", args=[draft_l13.pk])).status_code == 405
    assert not Following.objects.exists()


def test_new_versions_sponsors_and_actions_show_until_seen(client, reviewer_user, secretariat_user, draft_l13):
    client.force_login(reviewer_user)
    _follow(client, draft_l13)
    page = client.get(reverse("following")).content.decode()
    assert "Nothing new since" in page

    old = draft_l13.versions.get(label="L.13")
    new = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", is_issued=True, date=datetime.date(2011, 4, 13),
                         parsed=make_parsed(["Recalling its resolution 19/1,"], ["Requests the Office to report;"]), user=secretariat_user)
    sponsor_add(draft=draft_l13, delegation="Mexico", version=new, joined_on=datetime.date(2011, 4, 13))
    action_record(version=new, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted")

    page = " ".join(client.get(reverse("following")).content.decode().split())
    assert "New version L.13/Rev.1: see what changed since L.13" in page
    assert reverse("compare", args=[draft_l13.pk]) + f"?a={old.pk}&amp;b={new.pk}" in page
    assert "Mexico joined the sponsors" in page
    assert "adopted at meeting 9 on 15 April 2011" in page

    client.post(reverse("following_seen"))
    assert "Nothing new since" in client.get(reverse("following")).content.decode()


def test_another_delegations_private_working_text_is_not_news_to_a_reviewer(client, reviewer_user, delegate_user, draft_l13):
    client.force_login(reviewer_user)
    _follow(client, draft_l13)
    version_create(draft=draft_l13, label="Italy's private working text", kind="informal", is_issued=False,
                   parsed=make_parsed(["Recalling x,"], ["Decides y."]), user=delegate_user)
    page = client.get(reverse("following")).content.decode()
    assert "private working text" not in page and "Nothing new since" in page


def test_a_draft_the_user_may_not_see_cannot_be_followed(client, reviewer_user, reference, delegate_user):
    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="", title="An informal text")
    version_create(draft=draft, label="Informal text", kind="informal", is_issued=False,
                   parsed=make_parsed(["Recalling x,"], ["Decides y."]), user=delegate_user)
    client.force_login(reviewer_user)
    response = _follow(client, draft)
    assert response.status_code == 302
    assert not Following.objects.exists()
    assert "There is no such draft." in client.get(reverse("following")).content.decode()


def test_unfollow(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    _follow(client, draft_l13)
    client.post(reverse("follow", args=[draft_l13.pk]), {"do": "unfollow"})
    assert not Following.objects.exists()


def test_next_cannot_send_the_user_off_site(client, reviewer_user, draft_l13):
    client.force_login(reviewer_user)
    response = _follow(client, draft_l13, next="https://evil.example/")
    assert response["Location"] == reverse("draft_detail", args=[draft_l13.pk])


@pytest.mark.parametrize("has_email", [True, False])
def test_digest_by_email_lists_the_changes_once(client, reviewer_user, secretariat_user, draft_l13, has_email):
    reviewer_user.email = "reviewer@example.org" if has_email else ""
    reviewer_user.save()
    client.force_login(reviewer_user)
    _follow(client, draft_l13)
    client.post(reverse("follow", args=[draft_l13.pk]), {"do": "digest_on"})
    following = Following.objects.get()
    assert following.email_digest is has_email  # no address: refused with a message
    if not has_email:
        return
    sponsor_add(draft=draft_l13, delegation="Chile", joined_on=datetime.date(2011, 4, 12))
    call_command("send_digests", stdout=open("/dev/null", "w"))
    [message] = mail.outbox
    assert message.to == ["reviewer@example.org"]
    assert "Chile joined the sponsors" in message.body and "E/CN.15/2011/L.13" in message.body
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing new: no second e-mail
    mark_seen(user=reviewer_user)
