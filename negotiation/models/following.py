"""Who follows which draft, and when they last looked: the personal "what changed" page."""
from django.conf import settings
from django.db import models


class Following(models.Model):
    """A user follows a draft: its new versions, sponsors, actions and negotiation show on their page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="followings")
    draft = models.ForeignKey("negotiation.Draft", verbose_name="draft", on_delete=models.CASCADE, related_name="followings")
    since = models.DateTimeField("following since", auto_now_add=True, help_text="When the user started following the draft.")
    last_seen = models.DateTimeField("last seen", help_text="Changes after this moment are new to the user.")
    email_digest = models.BooleanField("e-mail digest", default=False, help_text="Send the changes by e-mail (daily digest).")
    last_sent = models.DateTimeField("last digest", null=True, blank=True, help_text="When the last digest covering this draft was sent.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "draft"], name="follow_a_draft_once")]
        ordering = ["draft__symbol", "draft__title"]

    def __str__(self):
        return f"{self.user} follows {self.draft}"
