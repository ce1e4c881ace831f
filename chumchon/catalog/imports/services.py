"""Jobs: the officers' import page keeps an upload with its preview, then runs it as a task."""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.catalog.imports.applying import ImportResult, import_apply
from chumchon.catalog.imports.errors import RowError
from chumchon.catalog.imports.planning import Action, ImportPlan, plan_file
from chumchon.catalog.models import ImportJob, ImportKind, ImportStatus

logger = logging.getLogger(__name__)

# The web page refuses larger files; the command line has no cap (an officer's own machine).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000


def _progress_key(job_id: int) -> str:
    return f"catalog-import-progress-{job_id}"


def import_job_progress(job: ImportJob) -> int:
    """How far a job is, in percent.

    The import runs in one transaction, so progress written to the job's row inside it would stay
    invisible to the page until the end; the cache carries it instead (shared by every process
    when REDIS_URL is set), and the row keeps the figures of the steps outside the transaction.
    """
    if job.is_running:
        return max(job.progress, int(cache.get(_progress_key(job.pk), 0)))
    return job.progress


def _store_plan(job: ImportJob, plan: ImportPlan) -> None:
    job.row_count = plan.row_count
    job.created_count = plan.count(Action.CREATE)
    job.updated_count = plan.count(Action.UPDATE)
    job.unchanged_count = plan.count(Action.UNCHANGED)
    job.skipped_count = len(plan.invalid_rows)
    job.errors = [error.as_dict() for error in plan.errors[:MAX_STORED_ERRORS]]
    job.preview = [row.as_dict() for row in plan.rows if row.action != Action.UNCHANGED][:MAX_PREVIEW_ROWS]


MAX_STORED_ERRORS = 2000
MAX_PREVIEW_ROWS = 500


@transaction.atomic
def import_job_create(*, by: User, kind: str, upload: UploadedFile, publish: bool = False) -> ImportJob:
    """Keep an uploaded file with its preview: what each row would do, and every problem. Writes no
    community or listing."""
    data = upload.read()
    name = PurePath(upload.name or "import").name
    job = ImportJob(
        kind=kind,
        publish=publish and kind == ImportKind.LISTINGS,
        original_name=name[:255],
        created_by=by,
        language=translation.get_language() or "th",
    )
    plan = plan_file(kind=kind, name=name, data=data, publish=job.publish, max_rows=MAX_UPLOAD_ROWS)
    _store_plan(job, plan)
    if plan.blocked:
        job.status = ImportStatus.FAILED
        job.progress = 100
        job.finished_at = timezone.now()
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def import_job_start(*, job: ImportJob, by: User, skip_invalid: bool = False) -> ImportJob:
    """Confirm a previewed import: it runs as a task while the page shows its progress."""
    if job.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been started."))
    if job.errors and not skip_invalid:
        raise ValidationError(
            _("The file has problems: correct them and upload it again, or choose to skip the rows with problems.")
        )
    job.status = ImportStatus.QUEUED
    job.skip_invalid = skip_invalid
    job.save(update_fields=["status", "skip_invalid"])
    audit_record(
        actor=by,
        action="catalog.import",
        obj=job,
        summary=f"{job.kind}: {job.original_name}",
        after={"publish": job.publish, "skip_invalid": skip_invalid},
    )
    from chumchon.catalog.imports.tasks import run_import_job

    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.enqueue(job_id))
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a confirmed import (called by the task): check the file again, apply it, keep the outcome."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:  # already run (a task delivered twice) or deleted
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    key = _progress_key(job.pk)
    last = [0]

    def progress(done: int, total: int) -> None:
        percent = 10 + 89 * done // max(total, 1)
        if percent > last[0]:
            last[0] = percent
            cache.set(key, percent, 6 * 3600)

    with translation.override(job.language):
        try:
            with job.file.open("rb") as stream:
                data = stream.read()
            plan = plan_file(kind=job.kind, name=job.original_name, data=data, publish=job.publish)
            ImportJob.objects.filter(pk=job.pk).update(progress=10)
            result = import_apply(plan, by=job.created_by, skip_invalid=job.skip_invalid, progress=progress)
        except Exception:
            logger.exception("import %s failed", job.pk)
            message = _(
                "The import stopped because of an unexpected error; nothing was written. Tell the administrator."
            )
            result = ImportResult(written=False, errors=[RowError(0, "", message)])
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE if result.written else ImportStatus.FAILED,
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
        skipped_count=result.skipped,
        errors=[error.as_dict() for error in result.errors[:MAX_STORED_ERRORS]],
        progress=100,
        finished_at=timezone.now(),
    )
    cache.delete(key)
