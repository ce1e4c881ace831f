"""Jobs: the officers' import page keeps an upload, has a worker check it for a preview, then runs it as a task."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import User
from chumchon.accounts.services import audit_record
from chumchon.catalog.imports.applying import ImportResult, import_apply, import_undo
from chumchon.catalog.imports.errors import RowError
from chumchon.catalog.imports.labels import CREATE_CATEGORY
from chumchon.catalog.imports.planning import Action, ImportPlan, plan_file
from chumchon.catalog.models import Category, ImportJob, ImportKind, ImportStatus, ImportUndo
from chumchon.core.progress import Heartbeat, progress_clear, progress_read
from chumchon.core.stalled import StalledJobs, WorkerStopped, fail_if_stalled

logger = logging.getLogger(__name__)

# The web page refuses larger files; the command line has no cap (an officer's own machine).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_ROWS = 50_000


def _progress_key(job: ImportJob) -> str:
    # One key per run (the job's id can come back in a test database; its start time does not).
    started = int(job.started_at.timestamp() * 1_000_000) if job.started_at else 0
    return f"catalog-import-{job.pk}-{started}"


def import_job_progress(job: ImportJob) -> int:
    """How far a job is, in percent.

    The import runs in one transaction, so progress written to the job's row inside it would stay
    invisible to the page until the end; the worker's heartbeat record carries it instead
    (`chumchon.core.progress`: the shared cache, or a file on a single machine).
    """
    if job.status in (ImportStatus.CHECKING, ImportStatus.RUNNING) and job.started_at is not None:
        record = progress_read(_progress_key(job))
        if record is not None:
            return max(job.progress, record.percent)
    return job.progress


class ImportWorkerStopped(WorkerStopped):
    """The worker running an import stopped (killed, out of memory, machine down) before its end."""


def _task_paths() -> tuple[str, ...]:
    from chumchon.catalog.imports.tasks import check_import_job, run_import_job

    return (check_import_job.module_path, run_import_job.module_path)


STALLED = StalledJobs(
    model=ImportJob,
    checking=ImportStatus.CHECKING,
    running=ImportStatus.RUNNING,
    failed=ImportStatus.FAILED,
    progress_key=_progress_key,
    error_row=lambda message: RowError(0, "", message).as_dict(),
    task_paths=_task_paths,
    exception=ImportWorkerStopped,
    label="import",
)


def import_job_fail_if_stalled(*, job: ImportJob) -> ImportJob:
    """Mark a job failed when the worker checking or importing it has stopped beating
    (`core.stalled`). What the import wrote died with the worker's transaction (PostgreSQL), or is
    undone by a worker (SQLite writes in short transactions: `import_job_undo`). Called when its
    page is read and every minute by run_periodic (`tasks.fail_stalled_import_jobs`).
    """
    if fail_if_stalled(job, STALLED) and ImportUndo.objects.filter(run=import_run_key(job.pk)).exists():
        from chumchon.catalog.imports.tasks import undo_import_job

        undo_import_job.enqueue(job.pk)
    return job


def import_jobs_fail_stalled() -> int:
    """Every job whose worker stopped, marked failed (and what it wrote undone); how many."""
    jobs = ImportJob.objects.filter(
        status__in=(ImportStatus.CHECKING, ImportStatus.RUNNING), started_at__isnull=False
    ).select_related("created_by")
    stalled = sum(1 for job in jobs if import_job_fail_if_stalled(job=job).status == ImportStatus.FAILED)
    # Failed jobs whose undoing was interrupted (its worker stopped too): finish it.
    runs = set(ImportUndo.objects.filter(run__startswith="job-").values_list("run", flat=True).distinct())
    failed = ImportJob.objects.filter(
        pk__in=[int(run.removeprefix("job-")) for run in runs], status=ImportStatus.FAILED
    ).values_list("pk", flat=True)
    for job_id in failed:
        import_job_undo(job_id=job_id)
    return stalled


def import_run_key(job_id: int) -> str:
    """What a job's writes are recorded under in `ImportUndo` while it runs."""
    return f"job-{job_id}"


def import_job_undo(*, job_id: int) -> int:
    """Undo what a failed job wrote before its worker stopped (SQLite); how many writes.

    Records edited since the import wrote them keep those edits (`import_undo`); the job's page
    then says how many."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.FAILED).first()
    if job is None:
        return 0
    result = import_undo(import_run_key(job_id))
    if result.undone:
        logger.warning("import %s: %d writes of its stopped worker undone", job_id, result.undone)
    if result.kept:
        with translation.override(job.language):
            kept = result.kept_error().as_dict()
        ImportJob.objects.filter(pk=job_id).update(errors=[*job.errors, kept])
    return result.undone


def _store_plan(job: ImportJob, plan: ImportPlan) -> None:
    job.row_count = plan.row_count
    job.created_count = plan.count(Action.CREATE)
    job.updated_count = plan.count(Action.UPDATE)
    job.unchanged_count = plan.count(Action.UNCHANGED)
    job.skipped_count = len(plan.invalid_rows)
    job.errors = [error.as_dict() for error in plan.errors[:MAX_STORED_ERRORS]]
    job.preview = [row.as_dict() for row in plan.rows if row.action != Action.UNCHANGED][:MAX_PREVIEW_ROWS]
    job.unknown_categories = plan.unknown_categories[:MAX_UNKNOWN_LABELS]


#: In `ImportJob.category_choices`, this key set to CREATE_CATEGORY creates every unknown label
#: (`import_listings --create-categories --background`).
ALL_LABELS = "*"
MAX_UNKNOWN_LABELS = 200


def _category_options(job: ImportJob) -> dict[str, Any]:
    choices = dict(job.category_choices or {})
    create_all = choices.pop(ALL_LABELS, "") == CREATE_CATEGORY
    return {"category_choices": choices, "create_categories": create_all}


MAX_STORED_ERRORS = 2000
MAX_PREVIEW_ROWS = 500


@transaction.atomic
def import_job_create(*, by: User, kind: str, upload: UploadedFile, publish: bool = False) -> ImportJob:
    """Keep an uploaded file and have a worker check it (`import_job_check`): the page then shows
    what each row would do, and every problem. Writes no community or listing."""
    name = PurePath(upload.name or "import").name
    job = ImportJob(
        kind=kind,
        status=ImportStatus.CHECKING,
        publish=publish and kind == ImportKind.LISTINGS,
        original_name=name[:255],
        created_by=by,
        language=translation.get_language() or "th",
    )
    job.file.save(name, upload, save=False)
    job.save()
    from chumchon.catalog.imports.tasks import check_import_job

    job_id = job.pk
    transaction.on_commit(lambda: check_import_job.enqueue(job_id), robust=True)
    return job


def import_job_check(*, job_id: int) -> None:
    """Read and check an uploaded file (called by the task): keep its preview, or its problems."""
    started = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING, started_at__isnull=True).update(
        started_at=started, progress=1
    )
    if not claimed:  # already checked (a task delivered twice) or deleted
        return
    job = ImportJob.objects.get(pk=job_id)
    key = _progress_key(job)
    with translation.override(job.language), Heartbeat(key, percent=1) as beat:
        try:
            with job.file.open("rb") as stream:
                data = stream.read()
            beat.percent = 5

            def read() -> None:
                beat.percent = 40  # reading a big workbook takes about as long as checking its rows

            plan = plan_file(
                kind=job.kind,
                name=job.original_name,
                data=data,
                publish=job.publish,
                max_rows=MAX_UPLOAD_ROWS,
                **_category_options(job),
                on_read=read,
            )
        except Exception:
            logger.exception("checking import %s failed", job.pk)
            message = _("The file could not be checked because of an unexpected error. Tell the administrator.")
            plan = ImportPlan(kind=job.kind, errors=[RowError(0, "", message)], blocked=True)
    _store_plan(job, plan)
    job.started_at = None
    if plan.blocked:
        job.status = ImportStatus.FAILED
        job.progress = 100
        job.finished_at = timezone.now()
    else:
        job.status = ImportStatus.PREVIEW
        job.progress = 0
    # Whatever a sweep concluded meanwhile (a stalled worker), the checked file is the truth.
    job.save(
        update_fields=[
            "status", "progress", "started_at", "finished_at", "row_count", "created_count", "updated_count",
            "unchanged_count", "skipped_count", "errors", "preview", "unknown_categories",
        ]
    )  # fmt: skip
    progress_clear(key)


@transaction.atomic
def import_job_enqueue(
    *,
    kind: str,
    name: str,
    data: bytes,
    publish: bool = False,
    skip_invalid: bool = False,
    language: str = "th",
    category_choices: Mapping[str, str] | None = None,
    create_categories: bool = False,
) -> ImportJob:
    """An import from the command line (`--background`), run by a worker without a preview: a file
    with problems is not imported (unless `skip_invalid`), and the job says why."""
    job = ImportJob(
        kind=kind,
        status=ImportStatus.QUEUED,
        publish=publish and kind == ImportKind.LISTINGS,
        skip_invalid=skip_invalid,
        original_name=name[:255],
        language=language,
        category_choices={**(category_choices or {}), **({ALL_LABELS: CREATE_CATEGORY} if create_categories else {})},
    )
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    from chumchon.catalog.imports.tasks import run_import_job

    job_id = job.pk
    transaction.on_commit(lambda: run_import_job.enqueue(job_id), robust=True)
    return job


@transaction.atomic
def import_job_choose_categories(*, job: ImportJob, by: User, choices: Mapping[str, str]) -> ImportJob:
    """The officer's choice for category labels that name no category, each applied to every row
    with that label: an existing category's slug, or CREATE_CATEGORY (officers only) to create one
    of that name when the import runs. The worker checks the file again with them (a new preview)."""
    if job.status != ImportStatus.PREVIEW or job.kind != ImportKind.LISTINGS:
        raise ValidationError(_("This import has already been started."))
    chosen = {" ".join(label.split()): value.strip() for label, value in choices.items() if value.strip()}
    if not chosen:
        raise ValidationError(_("Choose a category for at least one label."))
    if any(value == CREATE_CATEGORY for value in chosen.values()) and not by.is_officer:
        raise PermissionDenied(_("Only officers can create categories."))
    slugs = set(Category.objects.filter(slug__in=chosen.values()).values_list("slug", flat=True))
    missing = sorted(value for value in chosen.values() if value != CREATE_CATEGORY and value not in slugs)
    if missing:
        raise ValidationError(_("No category is called “%(value)s”.") % {"value": ", ".join(missing)})
    job.category_choices = {**(job.category_choices or {}), **chosen}
    job.status = ImportStatus.CHECKING
    job.started_at = None
    job.progress = 0
    job.save(update_fields=["category_choices", "status", "started_at", "progress"])
    audit_record(actor=by, action="catalog.import_categories", obj=job, summary=job.original_name, after=chosen)
    from chumchon.catalog.imports.tasks import check_import_job

    job_id = job.pk
    transaction.on_commit(lambda: check_import_job.enqueue(job_id))
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
    transaction.on_commit(lambda: run_import_job.enqueue(job_id), robust=True)
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a confirmed import (called by the task): check the file again, apply it, keep the outcome.

    Only a queued job is run: a job already running (its task delivered again, or a worker
    restarted) or finished is left alone, so an import never runs twice.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    key = _progress_key(job)

    with translation.override(job.language), Heartbeat(key, percent=1) as beat:

        def progress(done: int, total: int) -> None:
            beat.percent = max(beat.percent, 10 + 89 * done // max(total, 1))

        try:
            with job.file.open("rb") as stream:
                data = stream.read()
            plan = plan_file(
                kind=job.kind, name=job.original_name, data=data, publish=job.publish, **_category_options(job)
            )
            ImportJob.objects.filter(pk=job.pk).update(progress=10)
            beat.percent = 10
            result = import_apply(
                plan, by=job.created_by, skip_invalid=job.skip_invalid, progress=progress, run=import_run_key(job.pk)
            )
        except Exception:
            logger.exception("import %s failed", job.pk)
            message = _(
                "The import stopped because of an unexpected error; nothing was written. Tell the administrator."
            )
            result = ImportResult(written=False, errors=[RowError(0, "", message)])
    # Whatever a sweep concluded meanwhile (a stalled worker), what the import did is the truth.
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
    progress_clear(key)
