"""What the platform keeps of its work outside requests: the e-mails it has to send, and the
jobs that failed for good."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutgoingEmailQuerySet(models.QuerySet):
    def undelivered(self):
        """Not sent yet: waiting for their first try, for a retry, or given up."""
        return self.exclude(status=OutgoingEmail.Status.SENT)

    def due(self, *, now):
        """Waiting, and their next try is due."""
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    """One e-mail, written in the transaction of the change it tells about and sent by a job
    after the commit (``territoires.core.mail``)."""

    class Status(models.TextChoices):
        PENDING = "pending", "À envoyer"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Abandonné"

    to = models.EmailField("destinataire", max_length=254)
    subject = models.CharField("objet", max_length=255)
    body = models.TextField("texte")
    # Text files sent with it (an invitation's .ics): a list of {filename, content_type, content}.
    attachments = models.JSONField("pièces jointes", default=list, blank=True)
    status = models.CharField(
        "état", max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("essais", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel sortant"
        verbose_name_plural = "courriels sortants"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class FailedJob(models.Model):
    """A job whose last try failed: its name, its arguments and its error, until staff runs
    it again (``territoires.core.jobs``)."""

    task = models.CharField("tâche", max_length=255)
    args = models.JSONField("arguments", default=list)
    kwargs = models.JSONField("arguments nommés", default=dict)
    error = models.TextField("erreur")
    failed_at = models.DateTimeField("en échec depuis", default=timezone.now)
    retried_at = models.DateTimeField("relancée le", null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="relancée par",
    )

    class Meta:
        verbose_name = "tâche en échec"
        verbose_name_plural = "tâches en échec"
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return self.task
