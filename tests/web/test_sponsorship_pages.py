"""One-click co-sponsorship on the draft page: join, withdraw, double clicks, history."""
from django.urls import reverse
from django.utils import timezone

from negotiation.models import Sponsorship
from negotiation.services.editing import working_version_start


def test_any_delegate_joins_an_issued_version_once_even_on_a_double_click(client, other_delegate_user, draft_l13):
    client.force_login(other_delegate_user)
    page = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert "Join as co-sponsor" in page and "csrfmiddlewaretoken" in page
    first = client.post(reverse("sponsorship_join", args=[draft_l13.pk]))
    second = client.post(reverse("sponsorship_join", args=[draft_l13.pk]))
    assert first.status_code == second.status_code == 302
    [s] = Sponsorship.objects.filter(draft=draft_l13, delegation__short_name="France")
    assert (s.role, s.joined_version.label, s.joined_on, s.history.count()) == ("co", "L.13", timezone.localdate(), 1)
    page = " ".join(client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode().split())
    assert "Co-sponsors:</strong> France" in page and "Withdraw co-sponsorship" in page
    assert "joined</span> France and Italy" in page and "already sponsors" in page


def test_join_is_recorded_at_the_current_issued_version_not_the_private_working_text(client, other_delegate_user, delegate_user, draft_l13):
    working = working_version_start(draft=draft_l13, user=delegate_user)
    client.force_login(other_delegate_user)
    client.post(reverse("sponsorship_join", args=[draft_l13.pk]))
    s = Sponsorship.objects.get(delegation__short_name="France")
    assert s.joined_version.label == "L.13" and s.joined_version != working


def test_withdraw_is_dated_recorded_and_shown_in_history(client, other_delegate_user, draft_l13):
    client.force_login(other_delegate_user)
    client.post(reverse("sponsorship_join", args=[draft_l13.pk]))
    client.post(reverse("sponsorship_withdraw", args=[draft_l13.pk]), {"confirm": "yes"})
    again = client.post(reverse("sponsorship_withdraw", args=[draft_l13.pk]), {"confirm": "yes"})
    assert again.status_code == 302
    s = Sponsorship.objects.get(delegation__short_name="France")
    assert (s.withdrawn_on, s.withdrawn_version.label) == (timezone.localdate(), "L.13")
    assert [h.history_change_reason for h in s.history.order_by("history_date")] == ["France joined as co-sponsor", "France withdrew"]
    assert s.history.latest().history_user == other_delegate_user
    page = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert "withdrew" in page and "Join as co-sponsor" in page
    client.post(reverse("sponsorship_join", args=[draft_l13.pk]))  # and may join again
    assert Sponsorship.objects.filter(delegation__short_name="France").count() == 2


def test_main_sponsor_cannot_withdraw_with_one_click_and_reviewer_cannot_join(client, delegate_user, reviewer_user, draft_l13):
    client.force_login(delegate_user)
    response = client.post(reverse("sponsorship_withdraw", args=[draft_l13.pk]), {"confirm": "yes"}, follow=True)
    assert "withdraws through the secretariat" in response.content.decode()
    response = client.get(reverse("sponsorship_withdraw", args=[draft_l13.pk]), follow=True)
    assert "withdraws through the secretariat" in response.content.decode()
    assert Sponsorship.objects.get(delegation__short_name="Italy").withdrawn_on is None
    client.force_login(reviewer_user)
    assert "Join as co-sponsor" not in client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    response = client.post(reverse("sponsorship_join", args=[draft_l13.pk]), follow=True)
    assert "Only delegates can join" in response.content.decode()
    assert Sponsorship.objects.count() == 1


def test_join_needs_post(client, other_delegate_user, draft_l13):
    client.force_login(other_delegate_user)
    assert client.get(reverse("sponsorship_join", args=[draft_l13.pk])).status_code == 405
    assert not Sponsorship.objects.filter(delegation__short_name="France").exists()


def test_withdrawing_asks_first_and_a_plain_post_changes_nothing(client, delegate_user, draft_l13):
    from negotiation.models import Sponsorship

    Sponsorship.objects.filter(draft=draft_l13, delegation__short_name="Italy").update(role="co")
    client.force_login(delegate_user)
    url = reverse("sponsorship_withdraw", args=[draft_l13.pk])
    page = client.get(url).content.decode()
    assert "Withdraw Italy from the sponsors?" in page and 'name="confirm" value="yes"' in page
    client.post(url)  # no confirmation: the question again, nothing written
    assert Sponsorship.objects.get(draft=draft_l13, delegation__short_name="Italy").withdrawn_on is None
    client.post(url, {"confirm": "yes"})
    assert Sponsorship.objects.get(draft=draft_l13, delegation__short_name="Italy").withdrawn_on is not None


def test_the_draft_page_offers_to_follow_it(client, reviewer_user, draft_l13):
    from negotiation.models import Following

    client.force_login(reviewer_user)
    page = client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()
    assert 'value="follow"' in page
    client.post(reverse("follow", args=[draft_l13.pk]), {"do": "follow"})
    assert Following.objects.filter(user=reviewer_user, draft=draft_l13).exists()
    assert "Following ✓" in client.get(reverse("draft_detail", args=[draft_l13.pk])).content.decode()


def test_the_secretariat_gives_a_draft_its_symbol_with_history(client, secretariat_user, delegate_user, reference):
    from negotiation.models import Draft
    from negotiation.services.versions import draft_create

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="", title="A text without symbol")
    url = reverse("draft_symbol", args=[draft.pk])
    client.force_login(delegate_user)
    assert client.post(url, {"symbol": "E/CN.15/2011/L.30"}).status_code == 403
    client.force_login(secretariat_user)
    client.post(url, {"symbol": "not a symbol"})
    assert Draft.objects.get(pk=draft.pk).symbol == ""
    client.post(url, {"symbol": " E/CN.15/2011/L.30 "})
    draft.refresh_from_db()
    assert draft.symbol == "E/CN.15/2011/L.30"
    assert draft.history.first().history_change_reason == "Symbol set to E/CN.15/2011/L.30"


def test_a_symbol_issued_versions_cite_cannot_change(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    response = client.post(reverse("draft_symbol", args=[draft_l13.pk]), {"symbol": "E/CN.15/2011/L.31"}, follow=True)
    assert "Issued versions already cite E/CN.15/2011/L.13 (L.13)" in response.content.decode()
    draft_l13.refresh_from_db()
    assert draft_l13.symbol == "E/CN.15/2011/L.13"
