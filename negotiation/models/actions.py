"""What a body did with a version at a meeting, how it voted, and what delegations said.

The issue on adoption actions fills in the services, pages and report wording; the record
itself is here so versions, sponsorships and the admin can point at it from the start.
"""
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count
from simple_history.models import HistoricalRecords

VOTE_COUNTS = ("in_favour", "against", "abstaining")


class Action(models.Model):
    """An action at a meeting on a specific version ("L.13/Rev.1, as further revised")."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "adopted"
        RECOMMENDED = "approved_and_recommended", "approved and recommended for adoption"
        CONSIDERED = "considered", "considered"
        REJECTED = "rejected", "rejected"
        WITHDRAWN = "withdrawn", "withdrawn"
        DEFERRED = "deferred", "deferred"
        NO_ACTION = "no_action", "no action taken"

    version = models.ForeignKey("negotiation.Version", verbose_name="version acted on", on_delete=models.PROTECT, related_name="actions", help_text="The text acted on.")
    body = models.ForeignKey("negotiation.Body", verbose_name="body", on_delete=models.PROTECT, related_name="actions", help_text="The body that acted.")
    meeting_number = models.PositiveSmallIntegerField("meeting", help_text="Meeting number, e.g. 9 for the 9th meeting.")
    date = models.DateField("date", help_text="Date of the meeting.")
    outcome = models.CharField("outcome", max_length=30, choices=Outcome.choices, help_text="What the body did.")
    recommended_to = models.ForeignKey(
        "negotiation.Body", verbose_name="recommended to", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="For a recommendation: the body asked to approve or adopt, e.g. the Economic and Social Council.",
    )
    for_adoption_by = models.ForeignKey(
        "negotiation.Body", verbose_name="for adoption in the end by", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="When the recommendation passes through the parent body: e.g. the General Assembly.",
    )
    introduced_by = models.CharField("introduced by", max_length=300, blank=True, help_text="Who introduced the draft, and how.")
    financial_statement = models.BooleanField("financial statement read out", default=False, help_text="Whether the Secretariat read out a statement of financial or programme budget implications.")
    financial_statement_document = models.CharField("financial statement document", max_length=80, blank=True, help_text="Where its text is, e.g. E/CN.15/2011/CRP.7.")
    text_at = models.CharField("text at", max_length=120, blank=True, help_text="Where the final text stands: “chap. I, sect. D, resolution 20/3”.")
    result = models.CharField("number received", max_length=80, blank=True, help_text="resolution 20/3, decision 20/1, GA resolution 66/181.")
    amendment = models.CharField(
        "amendment", max_length=80, blank=True,
        help_text="For a vote on an amendment: the amendment's document (e.g. A/C.3/78/L.60). The version is the text it amends; "
                  "its outcome does not change the draft's status.",
    )
    report_paragraph = models.PositiveIntegerField("report paragraph", null=True, blank=True, help_text="Paragraph of the session report that records the action.")
    report_style = models.JSONField(
        "report wording details", default=dict, blank=True,
        help_text="How the report words this action where it departs from the usual form (kept from imports so the wording regenerates exactly).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "meeting_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "meeting_number", "date", "outcome", "amendment"], name="action_recorded_once"),
        ]

    def __str__(self):
        if self.amendment:
            return f"{self.get_outcome_display()} amendment {self.amendment} to {self.version} at meeting {self.meeting_number}"
        return f"{self.get_outcome_display()} {self.version} at meeting {self.meeting_number}"


class Vote(models.Model):
    """How an action was taken: without a vote, or by recorded or non-recorded vote."""

    class Kind(models.TextChoices):
        WITHOUT_VOTE = "without_vote", "without a vote"
        RECORDED = "recorded", "recorded vote"
        NON_RECORDED = "non_recorded", "non-recorded vote"

    action = models.OneToOneField(Action, verbose_name="action", on_delete=models.CASCADE, related_name="vote", help_text="The action voted on.")
    kind = models.CharField("kind", max_length=14, choices=Kind.choices, default=Kind.WITHOUT_VOTE, help_text="How the vote was taken.")
    in_favour = models.PositiveSmallIntegerField("in favour", null=True, blank=True, help_text="Votes in favour.")
    against = models.PositiveSmallIntegerField("against", null=True, blank=True, help_text="Votes against.")
    abstaining = models.PositiveSmallIntegerField("abstaining", null=True, blank=True, help_text="Abstentions.")
    history = HistoricalRecords()

    # A form that saves the lists together with the counts (the admin's vote page, whose inline
    # rows are checked with ``vote_problem`` by its formset) sets this: clean() then leaves the
    # lists to it instead of comparing the new counts with the lists stored before the change.
    lists_validated_with_form = False

    def __str__(self):
        return self.get_kind_display()

    @property
    def counts(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in VOTE_COUNTS}

    def listed_counts(self) -> dict[str, int]:
        """How many delegations each stored list holds: {"in_favour": 120, ...}; one query."""
        if self.pk is None:
            return {}
        return dict(self.casts.order_by().values_list("position").annotate(n=Count("pk")))

    def clean(self):
        listed = self.listed_counts() if self.pk is not None and not self.lists_validated_with_form else None
        problem = vote_problem(self.kind, self.counts, listed)
        if problem:
            field, message = problem
            raise ValidationError({field or NON_FIELD_ERRORS: message})


def vote_problem(kind: str, counts: Mapping[str, int | None], listed: Mapping[str, int] | None = None) -> tuple[str | None, str] | None:
    """Why a vote of ``kind`` with ``counts`` (in_favour, against, abstaining) and ``listed``
    (how many delegations each list of a recorded vote holds; None or empty: no lists held)
    does not hold together, as (field or None, message); None when it does.

    The rule ``services.actions.vote_record`` applies, with its wording, for every other way in:
    ``Vote.clean`` (any full_clean) and the admin's vote page, which checks its inline lists too.
    """
    listed = {key: n for key, n in (listed or {}).items() if n}
    if kind == Vote.Kind.WITHOUT_VOTE:
        if any(counts.get(key) for key in VOTE_COUNTS) or listed:
            return None, "An action taken without a vote has no counts and no voting lists."
        return None
    if listed and kind != Vote.Kind.RECORDED:
        return None, "Only a recorded vote has lists of delegations."
    if counts.get("in_favour") is None:
        return "in_favour", "A vote needs at least the number of votes in favour."
    if listed:
        for key in VOTE_COUNTS:
            count, names = counts.get(key) or 0, listed.get(key, 0)
            if count != names:
                return key, (f"The vote counts do not match the lists: {count} {key.replace('_', ' ')} "
                             f"but {names} delegations listed.")
    return None


class VoteCast(models.Model):
    """How one delegation voted in a recorded vote: in favour, against or abstaining."""

    class Position(models.TextChoices):
        IN_FAVOUR = "in_favour", "in favour"
        AGAINST = "against", "against"
        ABSTAINING = "abstaining", "abstaining"

    vote = models.ForeignKey(Vote, verbose_name="vote", on_delete=models.CASCADE, related_name="casts", help_text="The recorded vote.")
    delegation = models.ForeignKey("negotiation.Delegation", verbose_name="delegation", on_delete=models.PROTECT, related_name="votes_cast", help_text="Who voted.")
    position = models.CharField("position", max_length=10, choices=Position.choices, help_text="In favour, against or abstaining.")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            # A delegation cannot be both in favour and against.
            models.UniqueConstraint(fields=["vote", "delegation"], name="one_position_per_delegation"),
        ]

    def __str__(self):
        return f"{self.delegation}: {self.get_position_display()}"


class Statement(models.Model):
    """An explanation of vote or position, general statement or reservation on an action."""

    class Timing(models.TextChoices):
        BEFORE = "before", "before the action"
        AFTER = "after", "after the action"

    class Kind(models.TextChoices):
        STATEMENT = "statement", "statement"
        EXPLANATION_OF_VOTE = "eov", "explanation of vote"
        EXPLANATION_OF_POSITION = "eop", "explanation of position"
        GENERAL = "general", "general statement"
        RESERVATION = "reservation", "reservation"

    action = models.ForeignKey(Action, verbose_name="action", on_delete=models.CASCADE, related_name="statements", help_text="The action the statement concerns.")
    delegations = models.ManyToManyField("negotiation.Delegation", verbose_name="delegations", related_name="statements", help_text="Who made the statement.")
    timing = models.CharField("timing", max_length=6, choices=Timing.choices, default=Timing.AFTER, help_text="Before or after the action.")
    kind = models.CharField("kind", max_length=12, choices=Kind.choices, default=Kind.EXPLANATION_OF_POSITION, help_text="What kind of statement.")
    role = models.CharField(
        "speaking as", max_length=14, choices=[("representative", "representative"), ("observer", "observer")], default="representative",
        help_text="A representative of a member of the body, or an observer.",
    )
    paragraph_refs = models.CharField("paragraphs concerned", max_length=200, blank=True, help_text="e.g. “operative paragraph 12”.")
    paragraphs = models.ManyToManyField(
        "negotiation.Paragraph", verbose_name="paragraphs", blank=True, related_name="statements",
        help_text="The paragraphs of the version acted on that the statement concerns.",
    )
    text = models.TextField("summary", help_text="The statement as summarised in the report.")
    history = HistoricalRecords(m2m_fields=[delegations, paragraphs])

    def __str__(self):
        return f"{self.get_kind_display()} on {self.action}"
