"""Delegations (States, observers, entities, groups), body membership, and delegates."""
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Delegation(models.Model):
    """A Member State, observer State, entity or group, under its UN short name."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", "Member State"
        OBSERVER_STATE = "observer_state", "observer State"
        ENTITY = "entity", "entity"
        GROUP = "group", "group"

    short_name = models.CharField("UN short name", max_length=120, unique=True, help_text="Official short name: “Bolivia (Plurinational State of)”.")
    sort_name = models.CharField("sort name", max_length=120, db_index=True, help_text="The key UN lists sort by, e.g. “Philippines”.")
    article = models.CharField("article", max_length=4, blank=True, help_text="“the” when running text says “the Philippines”; blank otherwise.")
    report_name = models.CharField("name in reports", max_length=120, blank=True, help_text="Shorter form used in session reports, if any (“United States”).")
    kind = models.CharField("kind", max_length=16, choices=Kind.choices, help_text="Member State, observer State, entity or group.")
    iso3 = models.CharField("ISO code", max_length=3, blank=True, help_text="ISO 3166-1 alpha-3 code, for States.")
    aliases = models.JSONField("aliases", default=list, blank=True, help_text="Other names found in documents (“Turkey” for Türkiye).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name"]

    def __str__(self):
        return self.short_name

    @property
    def in_running_text(self) -> str:
        """“the Philippines”, “Bolivia (Plurinational State of)”."""
        name = self.report_name or self.short_name
        return f"{self.article} {name}" if self.article else name

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP or self.short_name == "European Union"

    def role_in(self, body) -> str:
        """“representative” for a member of ``body``, “observer” otherwise."""
        return "representative" if self.memberships.filter(body=body).exists() else "observer"


class BodyMembership(models.Model):
    """A delegation's membership of a body: members speak as representatives."""

    body = models.ForeignKey("negotiation.Body", verbose_name="body", on_delete=models.CASCADE, related_name="memberships", help_text="The body.")
    delegation = models.ForeignKey(Delegation, verbose_name="delegation", on_delete=models.CASCADE, related_name="memberships", help_text="The member.")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "delegation"], name="membership_unique")]

    def __str__(self):
        return f"{self.delegation} in {self.body.short_name}"


class DelegateProfile(models.Model):
    """Links a user of the ``delegate`` group to the one delegation they speak for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="delegate_profile", help_text="The delegate's login.")
    delegation = models.ForeignKey(Delegation, verbose_name="delegation", on_delete=models.PROTECT, related_name="delegates", help_text="The delegation this user belongs to.")
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.user} ({self.delegation})"
