"""Participants in bulk: an officer imports an event's participants from an .xlsx or .csv file.

The flow is the catalogue's (docs/importing.md): the page keeps the upload and a task worker checks
it (`participant_import_check`), the page shows what each row would do and every problem with its
row number, the officer confirms, and a worker imports it (`participant_import_run`) in one
transaction while a heartbeat (`core.progress`) tells the page how far it is.

A row is a person and their organisation: the person is found by e-mail, so importing the same
file again updates, never duplicates. A person new to Chumchon gets an account without a password
and an invitation e-mail (through the notifier, from the worker) with a signed link that signs them
in once to set a password and complete their profile (`invitation_token`, `invitation_user`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chumchon.accounts.models import Membership, MembershipRole, Organisation, OrganisationKind, User
from chumchon.accounts.models import Role as AccountRole
from chumchon.accounts.services import audit_record
from chumchon.core import spreadsheets
from chumchon.core.progress import Heartbeat, progress_clear, progress_read
from chumchon.core.stalled import StalledJobs, WorkerStopped, fail_if_stalled
from chumchon.matching.models import (
    Event,
    ParticipantImport,
    ParticipantImportStatus,
    ParticipantType,
    Registration,
    RegistrationStatus,
    Role,
)
from chumchon.matching.services.participants import default_type
from chumchon.places.models import Province

logger = logging.getLogger(__name__)

# The same limits as the catalogue's import page (core.spreadsheets reads the file).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000
MAX_STORED_ERRORS = 500
MAX_PREVIEW_ROWS = 500
INVITATION_SALT = "chumchon.matching.invitation"
INVITATION_DAYS = 30

# Column -> the names a header may give it (lower case, spaces as underscores), Thai or English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisation": (
        "organisation",
        "organization",
        "organisation_name",
        "organization_name",
        "ชื่อหน่วยงาน",
        "หน่วยงาน",
        "องค์กร",
        "ชื่อองค์กร",
    ),
    "kind": ("kind", "type", "organisation_kind", "ประเภท", "ประเภทหน่วยงาน"),
    "name": ("name", "contact", "contact_name", "ชื่อ", "ชื่อผู้ติดต่อ", "ผู้ติดต่อ"),
    "email": ("email", "e-mail", "e_mail", "อีเมล", "อีเมล์"),
    "phone": ("phone", "telephone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "role": ("role", "taking_part_as", "บทบาท", "เข้าร่วมในฐานะ"),
    "participant_type": ("participant_type", "type_of_participant", "ประเภทผู้เข้าร่วม"),
    "province": ("province", "จังหวัด"),
    "offers": ("offers", "offer", "what_they_offer", "สิ่งที่เสนอ", "ข้อเสนอ"),
    "seeks": ("seeks", "seek", "what_they_seek", "สิ่งที่ต้องการ", "สิ่งที่มองหา"),
    "sessions": ("sessions", "session", "ช่วง", "รอบ"),
}
REQUIRED = ("organisation", "email", "role")

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    Role.BUYER: ("buyer", "buy", "ผู้ซื้อ", "ซื้อ", "ผู้ประกอบการ"),
    Role.SELLER: ("seller", "sell", "ผู้ขาย", "ขาย", "ชุมชน"),
}
# Participant types in a cell: the value, its English and Thai names, a few usual words.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    ParticipantType.COMMUNITY: ("community", "ชุมชน", "วิสาหกิจชุมชน"),
    ParticipantType.BUSINESS: ("business", "tour operator", "company", "ธุรกิจ", "บริษัทนำเที่ยว", "ผู้ประกอบการ"),
    ParticipantType.GOVERNMENT: ("government", "agency", "ภาครัฐ", "หน่วยงาน", "หน่วยงานรัฐ", "ราชการ"),
    ParticipantType.GUIDE: ("guide", "มัคคุเทศก์", "ไกด์"),
    ParticipantType.MEDIA: ("media", "press", "สื่อ", "สื่อมวลชน"),
    ParticipantType.OTHER: ("other", "อื่น ๆ", "อื่นๆ"),
}
KIND_WORDS: dict[str, tuple[str, ...]] = {
    OrganisationKind.COMMUNITY_ENTERPRISE: (
        "community_enterprise",
        "community enterprise",
        "community",
        "วิสาหกิจชุมชน",
        "ชุมชน",
    ),
    OrganisationKind.COMPANY: ("company", "business", "บริษัท", "ธุรกิจ", "ห้างหุ้นส่วน"),
    OrganisationKind.AGENCY: ("agency", "government", "หน่วยงาน", "หน่วยงานรัฐ", "ราชการ"),
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParticipantRow:
    row: int
    organisation: str
    kind: str
    name: str
    email: str
    phone: str
    role: str
    province_ids: list[int]
    offers: str
    seeks: str
    session_ids: list[int] | None  # None: every session
    participant_type: str = ""  # "": the row did not say (a new registration gets the default)
    action: str = "create"  # "create" (a new person) or "update"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "organisation": self.organisation,
            "name": self.name,
            "email": self.email,
            "role": self.role,
            "action": self.action,
        }


@dataclass
class Plan:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0
    blocked: bool = False  # the file as a whole cannot be read


def _header_name(value: Any) -> str:
    return "_".join(str(value or "").replace("\ufeff", "").strip().lower().split())


def _text(value: Any) -> str:
    if value is None or value is spreadsheets.ABSENT:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _word(value: str, words: dict[str, tuple[str, ...]]) -> str | None:
    key = " ".join(value.strip().lower().replace("_", " ").split())
    for choice, names in words.items():
        if key in {name.replace("_", " ") for name in names} or key == str(choice):
            return str(choice)
    return None


def plan_file(*, event: Event, name: str, data: bytes) -> Plan:
    """What importing the file would do, row by row, and every problem with its row number."""
    plan = Plan()
    try:
        sheet = spreadsheets.read_sheet(name, data)
    except spreadsheets.SpreadsheetError as exc:
        plan.errors.append(RowError(exc.row, "", exc.message))
        plan.blocked = True
        return plan
    aliases = {alias: column for column, names in COLUMNS.items() for alias in names}
    positions: dict[str, int] = {}
    for position, value in enumerate(sheet.header):
        column = aliases.get(_header_name(value))
        if column and column not in positions:
            positions[column] = position
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        plan.errors.append(
            RowError(
                sheet.header_row,
                ", ".join(missing),
                _("The file needs the columns %(columns)s (in Thai or English).") % {"columns": ", ".join(missing)},
            )
        )
        plan.blocked = True
        return plan
    body = [(number, values) for number, values in sheet.rows if any(_text(value) for value in values)]
    if not body:
        plan.errors.append(RowError(0, "", _("The file has column names but no rows to import.")))
        plan.blocked = True
        return plan
    if len(body) > MAX_ROWS:
        plan.errors.append(
            RowError(
                0,
                "",
                _("The file has %(count)d rows; import at most %(max)d at a time.")
                % {"count": len(body), "max": MAX_ROWS},
            )
        )
        plan.blocked = True
        return plan
    plan.row_count = len(body)
    provinces: dict[str, int] = {}
    for pk, name_th, name_en in Province.objects.values_list("pk", "name_th", "name_en"):
        provinces[name_th.strip().lower()] = pk
        provinces[name_th.removeprefix("จังหวัด").strip().lower()] = pk
        if name_en:
            provinces[name_en.strip().lower()] = pk
    sessions = {(session.name or "").strip().lower(): session.pk for session in event.sessions.all() if session.name}
    existing = {email.lower() for email in User.objects.values_list("email", flat=True)}
    seen: dict[str, int] = {}
    for number, values in body:
        cells = {
            column: _text(values[position]) if position < len(values) else "" for column, position in positions.items()
        }
        errors: list[RowError] = []
        for column in REQUIRED:
            if not cells.get(column):
                errors.append(RowError(number, column, _("this cell is empty")))
        email = cells.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(RowError(number, "email", _("“%(value)s” is not an e-mail address") % {"value": email}))
            if email in seen:
                errors.append(
                    RowError(number, "email", _("the same e-mail address is on row %(row)d") % {"row": seen[email]})
                )
            else:
                seen[email] = number
        role = _word(cells.get("role", ""), ROLE_WORDS) if cells.get("role") else None
        if cells.get("role") and role is None:
            errors.append(
                RowError(
                    number, "role", _("“%(value)s” is not buyer or seller (ผู้ซื้อ / ผู้ขาย)") % {"value": cells["role"]}
                )
            )
        elif role is not None and not event.admits(role):
            errors.append(RowError(number, "role", _("this event does not take registrations for this role")))
        participant_type = ""
        if cells.get("participant_type"):
            participant_type = _word(cells["participant_type"], TYPE_WORDS) or ""
            if not participant_type:
                errors.append(
                    RowError(
                        number,
                        "participant_type",
                        _("“%(value)s” is not a type of participant") % {"value": cells["participant_type"]},
                    )
                )
            elif not event.admits_type(participant_type):
                errors.append(
                    RowError(number, "participant_type", _("this event does not take registrations of this type"))
                )
        kind: str = OrganisationKind.COMPANY if role == Role.BUYER else OrganisationKind.COMMUNITY_ENTERPRISE
        if cells.get("kind"):
            found = _word(cells["kind"], KIND_WORDS)
            if found is None:
                errors.append(
                    RowError(number, "kind", _("“%(value)s” is not a kind of organisation") % {"value": cells["kind"]})
                )
            else:
                kind = found
        province_ids: list[int] = []
        for part in re.split(r"[,;]", cells.get("province", "")):
            if not part.strip():
                continue
            key = part.strip().lower()
            province = provinces.get(key) or provinces.get(key.removeprefix("จังหวัด").strip())
            if province is None:
                errors.append(
                    RowError(number, "province", _("“%(value)s” is not a province") % {"value": part.strip()})
                )
            else:
                province_ids.append(province)
        session_ids: list[int] | None = None
        if cells.get("sessions"):
            session_ids = []
            for part in re.split(r"[,;]", cells["sessions"]):
                if not part.strip():
                    continue
                session = sessions.get(part.strip().lower())
                if session is None:
                    errors.append(
                        RowError(
                            number,
                            "sessions",
                            _("“%(value)s” is not a session of this event") % {"value": part.strip()},
                        )
                    )
                else:
                    session_ids.append(session)
        if len(cells.get("organisation", "")) > 200:
            errors.append(RowError(number, "organisation", _("the name is longer than 200 characters")))
        if errors:
            plan.errors.extend(errors)
            continue
        plan.rows.append(
            ParticipantRow(
                row=number,
                organisation=cells["organisation"],
                kind=kind,
                name=cells.get("name", "")[:150],
                email=email,
                phone=cells.get("phone", "")[:32],
                role=str(role),
                province_ids=province_ids,
                offers=cells.get("offers", ""),
                seeks=cells.get("seeks", ""),
                session_ids=session_ids,
                participant_type=participant_type,
                action="update" if email in existing else "create",
            )
        )
    return plan


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    invited: int = 0


def plan_apply(
    *, plan: Plan, event: Event, by: User | None, status: str, progress: Callable[[int, int], None] | None = None
) -> ImportOutcome:
    """Write the plan's rows in one transaction: accounts, organisations, memberships and registrations;
    an invitation to each person new to Chumchon."""
    outcome = ImportOutcome()
    all_sessions = list(event.sessions.values_list("pk", flat=True))
    invited: list[User] = []
    with transaction.atomic():
        for done, row in enumerate(plan.rows, start=1):
            person = User.objects.filter(email__iexact=row.email).first()
            if person is None:
                person = User.objects.create_user(
                    row.email,
                    None,  # an unusable password: the invitation lets them choose one
                    name=row.name,
                    phone=row.phone,
                    role=AccountRole.BUYER if row.role == Role.BUYER else AccountRole.SELLER,
                    language=translation.get_language() or "th",
                )
                invited.append(person)
                outcome.created += 1
            else:
                changed = [name for name in ("name", "phone") if getattr(row, name) and not getattr(person, name)]
                for name in changed:
                    setattr(person, name, getattr(row, name))
                if changed:
                    person.save(update_fields=changed)
                outcome.updated += 1
            organisation = (
                Organisation.objects.filter(memberships__user=person, name__iexact=row.organisation).first()
                or Organisation.objects.filter(memberships__user=person, matching_registrations__event=event).first()
            )
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=row.organisation, kind=row.kind, phone=row.phone, email=row.email
                )
                Membership.objects.create(user=person, organisation=organisation, role=MembershipRole.OWNER)
            elif organisation.name != row.organisation or organisation.kind != row.kind:
                organisation.name, organisation.kind = row.organisation, row.kind
                organisation.save(update_fields=["name", "kind"])
            registration = Registration.objects.filter(event=event, organisation=organisation).first()
            if registration is None:
                registration = Registration(
                    event=event, organisation=organisation, registered_by=by or person, status=status
                )
            elif status == RegistrationStatus.APPROVED:
                registration.status = status
            registration.role = row.role
            if row.participant_type or registration.pk is None:
                registration.participant_type = row.participant_type or default_type(event, row.role)
            registration.offers_text = row.offers
            registration.seeks_text = row.seeks
            registration.save()
            registration.representatives.add(person)
            registration.sessions.set(row.session_ids if row.session_ids is not None else all_sessions)
            if row.province_ids:
                registration.seeks_provinces.set(row.province_ids)
            if progress is not None:
                progress(done, len(plan.rows))
        if invited:
            invitation_send(event=event, people=invited, by=by)
            outcome.invited = len(invited)
    return outcome


# --- Invitations -------------------------------------------------------------------------------


def invitation_send(*, event: Event, people: list[User], by: User | None) -> None:
    """An invitation to each person (in-app and by e-mail, through the notifier, after commit)."""
    from chumchon.notifications.models import Event as NotificationEvent
    from chumchon.notifications.notifier import notify

    notify(event=NotificationEvent.MATCHING, recipients=people, actor=by, detail=f"invitation:{event.pk}")


def invitation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=INVITATION_SALT, compress=True)


def invitation_user(token: str) -> User | None:
    """The person a valid invitation names, while they have never signed in (a link works once)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    person = User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    if person is None or person.last_login is not None:
        return None
    return person


# --- Jobs --------------------------------------------------------------------------------------


def _progress_key(job: ParticipantImport) -> str:
    started = int(job.started_at.timestamp() * 1_000_000) if job.started_at else 0
    return f"matching-import-{job.pk}-{started}"


def participant_import_progress(job: ParticipantImport) -> int:
    if job.is_running and job.started_at is not None:
        record = progress_read(_progress_key(job))
        if record is not None:
            return max(job.progress, record.percent)
    return job.progress


@transaction.atomic
def participant_import_create(*, event: Event, by: User, upload: UploadedFile, status: str) -> ParticipantImport:
    """Keep the upload and have a worker check it; writes no participant."""
    if status not in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED):
        raise ValidationError(_("Choose whether the registrations wait for approval or are approved."))
    name = PurePath(upload.name or "participants").name
    job = ParticipantImport(
        event=event,
        original_name=name[:255],
        registration_status=status,
        created_by=by,
        language=translation.get_language() or "th",
    )
    job.file.save(name, upload, save=False)
    job.save()
    from chumchon.matching.tasks import check_participant_import

    job_id = job.pk
    transaction.on_commit(lambda: check_participant_import.enqueue(job_id))
    return job


def _read(job: ParticipantImport) -> bytes:
    with job.file.open("rb") as stream:
        return stream.read()


def participant_import_check(*, job_id: int) -> None:
    claimed = ParticipantImport.objects.filter(pk=job_id, status=ParticipantImportStatus.CHECKING, started_at=None)
    if not claimed.update(started_at=timezone.now()):
        return
    job = ParticipantImport.objects.select_related("event").get(pk=job_id)
    key = _progress_key(job)
    with translation.override(job.language), Heartbeat(key, percent=5):
        try:
            plan = plan_file(event=job.event, name=job.original_name, data=_read(job))
        except Exception:
            logger.exception("checking participant import %s failed", job.pk)
            plan = Plan(errors=[RowError(0, "", _("The file could not be checked because of an unexpected error."))])
            plan.blocked = True
    job.row_count = plan.row_count
    job.created_count = sum(1 for row in plan.rows if row.action == "create")
    job.updated_count = sum(1 for row in plan.rows if row.action == "update")
    job.errors = [error.as_dict() for error in plan.errors[:MAX_STORED_ERRORS]]
    job.preview = [row.as_dict() for row in plan.rows[:MAX_PREVIEW_ROWS]]
    job.started_at = None
    job.status = ParticipantImportStatus.FAILED if plan.blocked else ParticipantImportStatus.PREVIEW
    job.progress = 100 if plan.blocked else 0
    job.finished_at = timezone.now() if plan.blocked else None
    job.save()
    progress_clear(key)


@transaction.atomic
def participant_import_start(*, job: ParticipantImport, by: User, skip_invalid: bool = False) -> ParticipantImport:
    """Confirm a checked import: a worker runs it while the page shows its progress."""
    if job.status != ParticipantImportStatus.PREVIEW:
        raise ValidationError(_("This import has already been started."))
    if job.errors and not skip_invalid:
        raise ValidationError(
            _("The file has problems: correct them and upload it again, or choose to skip the rows with problems.")
        )
    job.status = ParticipantImportStatus.QUEUED
    job.skip_invalid = skip_invalid
    job.save(update_fields=["status", "skip_invalid"])
    audit_record(actor=by, action="matching.participant_import", obj=job, summary=job.original_name[:200])
    from chumchon.matching.tasks import run_participant_import

    job_id = job.pk
    transaction.on_commit(lambda: run_participant_import.enqueue(job_id))
    return job


def participant_import_run(*, job_id: int) -> None:
    """Run a confirmed import (called by the task); a job already running or finished is left alone."""
    claimed = ParticipantImport.objects.filter(pk=job_id, status=ParticipantImportStatus.QUEUED).update(
        status=ParticipantImportStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return
    job = ParticipantImport.objects.select_related("event", "created_by").get(pk=job_id)
    key = _progress_key(job)
    errors: list[dict[str, Any]] = list(job.errors)
    outcome = ImportOutcome()
    written = False
    with translation.override(job.language), Heartbeat(key, percent=1) as beat:

        def progress(done: int, total: int) -> None:
            beat.percent = max(beat.percent, 10 + 89 * done // max(total, 1))

        try:
            plan = plan_file(event=job.event, name=job.original_name, data=_read(job))
            beat.percent = 10
            if plan.blocked or (plan.errors and not job.skip_invalid):
                errors = [error.as_dict() for error in plan.errors[:MAX_STORED_ERRORS]]
            else:
                outcome = plan_apply(
                    plan=plan, event=job.event, by=job.created_by, status=job.registration_status, progress=progress
                )
                written = True
        except Exception:
            logger.exception("participant import %s failed", job.pk)
            message = _("The import stopped because of an unexpected error; nothing was written.")
            errors = [RowError(0, "", message).as_dict()]
    ParticipantImport.objects.filter(pk=job.pk).update(
        status=ParticipantImportStatus.DONE if written else ParticipantImportStatus.FAILED,
        created_count=outcome.created if written else job.created_count,
        updated_count=outcome.updated if written else job.updated_count,
        invited_count=outcome.invited,
        errors=errors,
        progress=100,
        finished_at=timezone.now(),
    )
    progress_clear(key)


class ParticipantImportWorkerStopped(WorkerStopped):
    """The worker checking or running a participant import stopped (killed, out of memory, machine down)."""


def _task_paths() -> tuple[str, ...]:
    from chumchon.matching.tasks import check_participant_import, run_participant_import

    return (check_participant_import.module_path, run_participant_import.module_path)


STALLED = StalledJobs(
    model=ParticipantImport,
    checking=ParticipantImportStatus.CHECKING,
    running=ParticipantImportStatus.RUNNING,
    failed=ParticipantImportStatus.FAILED,
    progress_key=_progress_key,
    error_row=lambda message: RowError(0, "", message).as_dict(),
    task_paths=_task_paths,
    exception=ParticipantImportWorkerStopped,
    label="participant import",
)


def participant_import_fail_if_stalled(*, job: ParticipantImport) -> ParticipantImport:
    """Mark an import failed when the worker checking or importing it has stopped beating
    (`core.stalled`, as for the catalogue's imports): the import's transaction died with its worker,
    so nothing was written. Called when the job's page is read and every minute by run_periodic
    (`tasks.fail_stalled_participant_imports`)."""
    fail_if_stalled(job, STALLED)
    return job


def participant_imports_fail_stalled() -> int:
    """Every participant import whose worker stopped, marked failed; how many."""
    jobs = ParticipantImport.objects.filter(
        status__in=(ParticipantImportStatus.CHECKING, ParticipantImportStatus.RUNNING), started_at__isnull=False
    )
    return sum(
        1 for job in jobs if participant_import_fail_if_stalled(job=job).status == ParticipantImportStatus.FAILED
    )


def example_rows() -> list[list[str]]:
    """The columns the import reads, for the page's example."""
    return [
        [
            "organisation",
            "kind",
            "name",
            "email",
            "phone",
            "role",
            "participant_type",
            "province",
            "offers",
            "seeks",
            "sessions",
        ],
        [
            "ผ้าทอบ้านนาต้นจั่น",
            "วิสาหกิจชุมชน",
            "สมศรี ใจดี",
            "somsri@example.com",
            "0812345678",
            "ผู้ขาย",
            "ชุมชน",
            "สุโขทัย",
            "ผ้าทอมือ",
            "",
            "",
        ],
    ]
