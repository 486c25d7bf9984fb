"""Every change made in the secretariat's admin says why on the history page (issue 15, point 8):
"Changed in the admin by sec: title", never "None"."""
import datetime
import re

from django.urls import reverse

from negotiation.admin import REASON_LENGTH, admin_change_reason
from negotiation.models import Draft, Sponsorship


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value) if not isinstance(value, bool) else ("on" if value else "")


def _change_form_data(response) -> dict:
    """What a browser would post back from the admin change page as it was served."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _value(form[name])
        if value != "":
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name])
        for row in formset.forms:
            for name in row.fields:
                value = _value(row[name])
                if value != "":
                    data[row.add_prefix(name)] = value
    return data


def _reason_cells(html: str) -> list[str]:
    """The "Change reason" column of the history table (the fifth cell from the end of each row)."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]
    cells = [re.findall(r"<td>(.*?)</td>", row, flags=re.S) for row in rows]
    return [re.sub(r"\s+", " ", row[-2]).strip() for row in cells if len(row) >= 2]


def test_a_title_changed_in_the_admin_says_who_and_what_on_the_history_page(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    url = reverse("admin:negotiation_draft_change", args=[draft_l13.pk])
    data = _change_form_data(client.get(url))
    data["title"] = "Strengthening international cooperation"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    latest = Draft.history.filter(id=draft_l13.pk).first()
    assert latest.title == "Strengthening international cooperation"
    assert latest.history_change_reason == "Changed in the admin by sec: title"
    assert latest.history_user == secretariat_user

    html = client.get(reverse("admin:negotiation_draft_history", args=[draft_l13.pk])).content.decode()
    reasons = _reason_cells(html)
    assert reasons[0] == "Changed in the admin by sec: title"
    assert "None" not in reasons
    assert "None" not in html


def test_records_saved_without_a_reason_show_a_dash_not_none(client, secretariat_user, draft_l13):
    draft = Draft.objects.get(pk=draft_l13.pk)  # a fresh instance: no _change_reason left from the fixture
    draft.title = "Changed by a script that gave no reason"
    draft.save()
    assert Draft.history.filter(id=draft_l13.pk).first().history_change_reason is None
    client.force_login(secretariat_user)
    html = client.get(reverse("admin:negotiation_draft_history", args=[draft_l13.pk])).content.decode()
    assert _reason_cells(html)[0] == "—"
    assert "<td>\n          None\n        </td>" not in html


def test_a_sponsorship_added_and_deleted_in_the_admin_records_both_reasons(client, secretariat_user, draft_l13):
    client.force_login(secretariat_user)
    version = draft_l13.versions.get()
    from negotiation.models import Delegation

    france = Delegation.objects.get(short_name="France")
    response = client.post(reverse("admin:negotiation_sponsorship_add"), {
        "draft": draft_l13.pk, "delegation": france.pk, "role": "co", "joined_version": version.pk,
        "joined_on": "2011-04-12", "on_behalf_of": "", "withdrawn_version": "", "withdrawn_on": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    sponsorship = Sponsorship.objects.get(draft=draft_l13, delegation=france)
    assert sponsorship.history.first().history_change_reason == "Added in the admin by sec"

    response = client.post(reverse("admin:negotiation_sponsorship_delete", args=[sponsorship.pk]), {"post": "yes"})
    assert response.status_code == 302
    deleted = Sponsorship.history.filter(id=sponsorship.pk).first()
    assert deleted.history_type == "-" and deleted.history_change_reason == "Deleted in the admin by sec"


def test_a_long_reason_is_cut_to_fit_the_history_column(rf, secretariat_user):
    request = rf.post("/")
    request.user = secretariat_user
    reason = admin_change_reason(request, "Changed", Draft(), ["title"] * 40)
    assert len(reason) == REASON_LENGTH and reason.endswith("…")
