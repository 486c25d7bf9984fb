"""Fixtures of the API tests: a facilitator, a second issued version with sub-paragraphs,
brackets and a footnote, and a private working text."""
import datetime

import pytest


@pytest.fixture
def facilitator_user(reference, django_user_model, secretariat_user, draft_l13):
    """A reviewer who facilitates L.13."""
    from django.contrib.auth.models import Group

    from negotiation.services.negotiating import facilitator_assign

    user = django_user_model.objects.create_user(username="facil", password="pw-facil")
    user.groups.add(Group.objects.get(name="reviewer"))
    facilitator_assign(draft=draft_l13, user_to_assign=user, user=secretariat_user)
    return user


@pytest.fixture
def rev1(draft_l13, secretariat_user):
    """L.13/Rev.1: OP1 changed and given sub-paragraphs, a bracket and a footnote."""
    from negotiation.services.versions import version_create
    from negotiation.text.structure import OPERATIVE, PREAMBULAR, Footnote, Paragraph, ParsedText, SubParagraph

    old = {p.text: str(p.lineage) for p in draft_l13.versions.get(label="L.13").paragraphs.all()}
    parsed = ParsedText(title="Strengthening cooperation", enacting_formula="The General Assembly,", paragraphs=[
        Paragraph(kind=PREAMBULAR, text="Recalling its resolution 19/1,", lead="Recalling", lineage=old["Recalling its resolution 19/1,"],
                  footnotes=["1"]),
        Paragraph(kind=PREAMBULAR, text="Noting with concern the rise of crime,", lead="Noting",
                  lineage=old["Noting with concern the rise of crime,"]),
        Paragraph(kind=OPERATIVE, number="1", text="Requests the Office to report [annually] [biennially]:", lead="Requests",
                  lineage=old["Requests the Office to report;"],
                  subparagraphs=[SubParagraph("(a)", "on cooperation;"), SubParagraph("(b)", "on funding;")]),
        Paragraph(kind=OPERATIVE, number="2", text="Invites Member States to contribute;", lead="Invites",
                  lineage=old["Invites Member States to contribute;"]),
        Paragraph(kind=OPERATIVE, number="3", text="Decides to remain seized of the matter.", lead="Decides",
                  lineage=old["Decides to remain seized of the matter."]),
    ], footnotes=[Footnote("1", "A/RES/19/1.")])
    return version_create(draft=draft_l13, label="L.13/Rev.1", kind="issued", parsed=parsed, is_issued=True,
                          date=datetime.date(2011, 4, 14), user=secretariat_user)


@pytest.fixture
def working(draft_l13, delegate_user):
    """Italy's private working text on L.13, under a label nobody else should see."""
    from negotiation.services.editing import working_version_start

    version = working_version_start(draft=draft_l13, user=delegate_user)
    version.label = "Secret compromise by Italy"
    version.save()
    return version
