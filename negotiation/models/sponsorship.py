"""Who sponsors a draft, as of which version, since and until when."""
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Sponsorship(models.Model):
    """A delegation's sponsorship of a draft: dated, per version, withdrawable."""

    class Role(models.TextChoices):
        MAIN = "main", "main sponsor"
        CO = "co", "co-sponsor"

    draft = models.ForeignKey("negotiation.Draft", verbose_name="draft", on_delete=models.CASCADE, related_name="sponsorships", help_text="The sponsored draft.")
    delegation = models.ForeignKey("negotiation.Delegation", verbose_name="delegation", on_delete=models.PROTECT, related_name="sponsorships", help_text="The sponsoring delegation.")
    role = models.CharField("role", max_length=4, choices=Role.choices, default=Role.CO, help_text="Main sponsors are named in the sponsor line and edit the text.")
    on_behalf_of = models.ForeignKey(
        "negotiation.Delegation", verbose_name="on behalf of", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The group this delegation sponsors for: “on behalf of the Group of 77 and China”.",
    )
    joined_version = models.ForeignKey(
        "negotiation.Version", verbose_name="joined at version", on_delete=models.PROTECT, related_name="+",
        help_text="The version at which the delegation became a sponsor.",
    )
    joined_on = models.DateField("joined on", help_text="Date the sponsorship began.")
    subsequently_joined = models.BooleanField("subsequently joined", default=False, help_text="Joined at the meeting, after the text was issued (“Subsequently, X joined …”).")
    joined_at_action = models.ForeignKey(
        "negotiation.Action", verbose_name="joined at action", null=True, blank=True, on_delete=models.SET_NULL, related_name="joined_sponsorships",
        help_text="The action at whose meeting the delegation subsequently joined.",
    )
    withdrawn_version = models.ForeignKey(
        "negotiation.Version", verbose_name="withdrawn at version", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The version at which the delegation withdrew, if it did.",
    )
    withdrawn_on = models.DateField("withdrawn on", null=True, blank=True, help_text="Date of withdrawal, if any.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "delegation__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "delegation"], condition=Q(withdrawn_on__isnull=True), name="one_active_sponsorship_per_delegation",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("joined_on")), name="sponsorship_withdrawn_after_joined",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True, withdrawn_version__isnull=True) | Q(withdrawn_on__isnull=False, withdrawn_version__isnull=False),
                name="sponsorship_withdrawal_dated_and_versioned",
            ),
        ]

    def __str__(self):
        return f"{self.delegation} – {self.get_role_display()} of {self.draft}"
