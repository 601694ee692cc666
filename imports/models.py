"""One run of one source's import: its outcome, counts and log, for the city's desk and the logs."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import NoticeSource


class ImportRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no key)")

    source = models.CharField(_("source"), max_length=20, choices=NoticeSource.choices)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    archived = models.PositiveIntegerField(_("withdrawn at the source"), default=0)
    calls = models.PositiveIntegerField(_("calls to the source"), default=0)
    log = models.TextField(_("log"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="running") | Q(finished_at__isnull=False), name="import_run_finished_has_end"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} · {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:imports_importrun_change", args=[self.pk])
