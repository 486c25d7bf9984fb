"""Sponsorship: joining, withdrawing, groups, unknown delegations, double clicks."""
import datetime

import pytest

from negotiation.errors import ApplicationError
from negotiation.models import Sponsorship
from negotiation.selectors import sponsors_as_of, sponsorship_display
from negotiation.services.sponsorship import sponsor_add, sponsor_withdraw
from negotiation.services.versions import version_create
from tests.conftest import make_parsed


def test_unknown_delegation_is_refused_and_nothing_written(draft_l13):
    before = Sponsorship.objects.count()
    with pytest.raises(ApplicationError, match="Unknown delegation “Atlantis”"):
        sponsor_add(draft=draft_l13, delegation="Atlantis")
    assert Sponsorship.objects.count() == before


def test_names_match_with_article_and_case_differences(draft_l13):
    s = sponsor_add(draft=draft_l13, delegation="the philippines")
    assert s.delegation.short_name == "Philippines"
    assert s.delegation.in_running_text == "the Philippines"


def test_joining_twice_is_refused_and_written_once(draft_l13):
    sponsor_add(draft=draft_l13, delegation="Mexico")
    with pytest.raises(ApplicationError, match="already sponsors"):
        sponsor_add(draft=draft_l13, delegation="Mexico")
    assert draft_l13.sponsorships.filter(delegation__short_name="Mexico").count() == 1


def test_on_behalf_of_must_be_a_group(draft_l13):
    with pytest.raises(ApplicationError, match="not a group"):
        sponsor_add(draft=draft_l13, delegation="Colombia", on_behalf_of="Peru")
    s = sponsor_add(draft=draft_l13, delegation="Colombia", on_behalf_of="Group of Latin American and Caribbean States")
    assert s.on_behalf_of.short_name == "Group of Latin American and Caribbean States"


def test_sponsors_as_of_each_version_follow_joins_and_withdrawals(draft_l13):
    first = draft_l13.versions.get()
    sponsor_add(draft=draft_l13, delegation="Mexico", joined_on=datetime.date(2011, 4, 11))
    rev1 = version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued",
                          parsed=make_parsed(["Recalling x,"], ["Decides y."]), is_issued=True, date=datetime.date(2011, 4, 14))
    sponsor_add(draft=draft_l13, delegation="Philippines", version=rev1, joined_on=datetime.date(2011, 4, 14))
    mexico = draft_l13.sponsorships.get(delegation__short_name="Mexico")
    sponsor_withdraw(sponsorship=mexico, version=rev1, withdrawn_on=datetime.date(2011, 4, 14))
    at_first = sponsors_as_of(first)
    at_rev1 = sponsors_as_of(rev1)
    assert [sponsorship_display(e) for e in at_first["main"]] == ["Italy"]
    assert [sponsorship_display(e) for e in at_first["co"]] == ["Mexico"]
    assert [sponsorship_display(e) for e in at_rev1["co"]] == ["the Philippines"]
    assert mexico.history.first().history_change_reason == "Mexico withdrew"


def test_withdrawing_twice_is_refused(draft_l13):
    s = draft_l13.sponsorships.get()
    sponsor_withdraw(sponsorship=s, withdrawn_on=datetime.date(2011, 4, 20))
    with pytest.raises(ApplicationError, match="already withdrawn"):
        sponsor_withdraw(sponsorship=s)


def test_withdrawal_before_joining_is_refused(draft_l13):
    s = draft_l13.sponsorships.get()
    with pytest.raises(ApplicationError, match="before joining"):
        sponsor_withdraw(sponsorship=s, withdrawn_on=datetime.date(2000, 1, 1))
    s.refresh_from_db()
    assert s.withdrawn_on is None


def test_members_of_a_body_speak_as_representatives_others_as_observers(reference):
    from negotiation.models import BodyMembership, Delegation

    ccpcj = reference["CCPCJ"]
    turkey, peru = Delegation.objects.get(short_name="Türkiye"), Delegation.objects.get(short_name="Peru")
    BodyMembership.objects.create(body=ccpcj, delegation=turkey)
    assert turkey.role_in(ccpcj) == "representative"
    assert peru.role_in(ccpcj) == "observer"


def test_no_one_joins_the_sponsors_after_the_final_action(reference):
    """The bug the issue names: a delegation joined a 2011 draft after its adoption, dated 2026."""
    import datetime

    from negotiation.errors import ApplicationError
    from negotiation.models import Action, Sponsorship
    from negotiation.services.actions import action_record
    from negotiation.services.sponsorship import sponsor_add
    from negotiation.services.versions import draft_create, version_create
    from negotiation.text.structure import ParsedText

    draft = draft_create(body=reference["CCPCJ"], session=20, symbol="E/CN.15/2011/L.99", title="A test draft")
    version = version_create(draft=draft, label="L.99", kind="issued", parsed=ParsedText(), is_issued=True,
                             date=datetime.date(2011, 4, 11), allow_empty=True)
    sponsor_add(draft=draft, delegation="Italy", version=version)  # dated with the version: fine
    action_record(version=version, meeting_number=9, date=datetime.date(2011, 4, 15), outcome="adopted")
    before = (Sponsorship.objects.count(), Action.objects.count())
    with pytest.raises(ApplicationError, match="closed when it was adopted on 15 April 2011"):
        sponsor_add(draft=draft, delegation="Peru", version=version, joined_on=datetime.date.today())  # long after
    sponsor_add(draft=draft, delegation="Chile", version=version, joined_on=datetime.date(2011, 4, 14))  # before: fine
    assert (Sponsorship.objects.count(), Action.objects.count()) == (before[0] + 1, before[1])
