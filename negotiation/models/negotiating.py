"""The negotiation between versions: who facilitates, what delegations propose per paragraph,
who supports or objects, and where each paragraph stands.

In informal consultations a facilitator runs a rolling text; delegations propose wording
paragraph by paragraph and join or object to each other's proposals; contested wording stays
in [brackets]; paragraphs become "agreed ad ref"; the facilitator issues a cleaner text.
Paragraphs are named by ``lineage``: the same paragraph across versions.
"""
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Facilitation(models.Model):
    """A user who facilitates the consultations on a draft: sets paragraph status, resolves
    brackets and incorporates agreed proposals. Assigned by the secretariat or a main sponsor."""

    draft = models.ForeignKey("negotiation.Draft", verbose_name="draft", on_delete=models.CASCADE, related_name="facilitations", help_text="The draft facilitated.")
    user = models.ForeignKey("auth.User", verbose_name="facilitator", on_delete=models.CASCADE, related_name="facilitations", help_text="Who facilitates.")
    assigned_by = models.ForeignKey("auth.User", verbose_name="assigned by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Who assigned the facilitator.")
    assigned_at = models.DateTimeField("assigned", auto_now_add=True, help_text="When the facilitator was assigned.")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "user"], name="one_facilitation_per_user_and_draft")]

    def __str__(self):
        return f"{self.user} facilitates {self.draft}"


class Proposal(models.Model):
    """A delegation's proposal for one paragraph of the text it was made on."""

    class Kind(models.TextChoices):
        AMEND = "amend", "new wording"
        DELETE = "delete", "deletion"
        INSERT = "insert", "new paragraph after it"
        MOVE = "move", "move"
        ALTERNATIVE = "alternative", "alternative in brackets"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        ACCEPTED = "accepted", "agreed, to incorporate"
        INCORPORATED = "incorporated", "incorporated"
        WITHDRAWN = "withdrawn", "withdrawn"
        OUTDATED = "outdated", "outdated: the text moved on"

    draft = models.ForeignKey("negotiation.Draft", verbose_name="draft", on_delete=models.CASCADE, related_name="proposals", help_text="The draft negotiated.")
    version = models.ForeignKey(
        "negotiation.Version", verbose_name="made on", on_delete=models.PROTECT, related_name="proposals",
        help_text="The version the proposal was made on (moved forward when the text moves on and it still applies).",
    )
    lineage = models.UUIDField("paragraph", db_index=True, help_text="The paragraph proposed for (its lineage).")
    label = models.CharField("label", max_length=40, help_text="The paragraph's label when proposed: “OP3”, “Art. 4.2”.")
    kind = models.CharField("kind", max_length=12, choices=Kind.choices, help_text="What is proposed.")
    base_text = models.TextField("text proposed on", help_text="The paragraph's words when the proposal was made (or last rebased).")
    text = models.TextField("proposed wording", blank=True, help_text="New wording, the new paragraph, or the alternative.")
    after_lineage = models.UUIDField("move after", null=True, blank=True, help_text="For a move: the paragraph it should follow (blank: to the top of its part).")
    reason = models.TextField("reason", blank=True, help_text="Why, as the delegation puts it.")
    delegation = models.ForeignKey("negotiation.Delegation", verbose_name="proposed by", on_delete=models.PROTECT, related_name="proposals", help_text="The proposing delegation.")
    on_behalf_of = models.ForeignKey(
        "negotiation.Delegation", verbose_name="on behalf of", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The group the delegation proposes for.",
    )
    author = models.ForeignKey("auth.User", verbose_name="author", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Who entered it.")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True, help_text="Where the proposal stands.")
    created_at = models.DateTimeField("made", auto_now_add=True, db_index=True, help_text="When it was made.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["delete", "move"]) | ~Q(text=""), name="proposal_wording_given"),
        ]

    def __str__(self):
        return f"{self.delegation} on {self.label}: {self.get_kind_display()}"


class Stance(models.Model):
    """A delegation's support for, or objection to, a proposal: one per delegation."""

    class Kind(models.TextChoices):
        SUPPORT = "support", "supports"
        OBJECT = "object", "objects"

    proposal = models.ForeignKey(Proposal, verbose_name="proposal", on_delete=models.CASCADE, related_name="stances", help_text="The proposal.")
    delegation = models.ForeignKey("negotiation.Delegation", verbose_name="delegation", on_delete=models.PROTECT, related_name="stances", help_text="Who takes the stance.")
    kind = models.CharField("stance", max_length=8, choices=Kind.choices, help_text="Support or objection.")
    user = models.ForeignKey("auth.User", verbose_name="entered by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Who entered it.")
    updated_at = models.DateTimeField("when", auto_now=True, help_text="When the stance was last taken.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["delegation__sort_name"]
        constraints = [models.UniqueConstraint(fields=["proposal", "delegation"], name="one_stance_per_delegation")]

    def __str__(self):
        return f"{self.delegation} {self.get_kind_display()} {self.proposal}"


class ParagraphStatus(models.Model):
    """Where a paragraph of a version stands in the negotiation, set by the facilitator.

    Without a row, a paragraph is "bracketed" when its text holds brackets and "pending"
    otherwise. Statuses are per version (an incorporated revision carries them forward)."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        BRACKETED = "bracketed", "bracketed"
        AD_REF = "ad_ref", "agreed ad ref"
        AGREED = "agreed", "agreed"
        DELETED = "deleted", "deleted"

    version = models.ForeignKey("negotiation.Version", verbose_name="version", on_delete=models.CASCADE, related_name="paragraph_statuses", help_text="The version.")
    lineage = models.UUIDField("paragraph", help_text="The paragraph (its lineage).")
    status = models.CharField("status", max_length=10, choices=Status.choices, help_text="Where the paragraph stands.")
    note = models.CharField("note", max_length=300, blank=True, help_text="The facilitator's note.")
    set_by = models.ForeignKey("auth.User", verbose_name="set by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Who set it.")
    set_at = models.DateTimeField("set", auto_now=True, help_text="When it was last set.")
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "paragraph statuses"
        constraints = [models.UniqueConstraint(fields=["version", "lineage"], name="one_status_per_paragraph")]

    def __str__(self):
        return f"{self.lineage} in {self.version}: {self.get_status_display()}"


def default_status(texts: Iterable[str], *, final: bool = False) -> str:
    """A paragraph's status when the facilitator has set none: "bracketed" when its words
    (sub-paragraphs included) hold brackets; else "agreed" in an adopted (final) text, and
    "pending" in any other. The one rule every page and count uses."""
    if any("[" in t or "]" in t for t in texts):
        return str(ParagraphStatus.Status.BRACKETED)
    return str(ParagraphStatus.Status.AGREED if final else ParagraphStatus.Status.PENDING)
