"""Reading, validating and writing the JSON formats of docs ../formats/meeting-schedule.md.

Every error raises :class:`InstanceError` with a one-line message that names the offending item,
so that the command line can print it and exit with status 2 without writing anything.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from .model import (
    INSTANCE_FORMAT,
    SCHEDULE_FORMAT,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Request,
    Schedule,
    Slot,
    StatValue,
    Unscheduled,
)

JsonObject = dict[str, object]

#: The largest request weight accepted. The LP solver (HiGHS) refuses objective coefficients
#: above 1e50 and loses precision long before; weights are small priorities (1-3 from matching).
MAX_WEIGHT = 1_000_000


def _read_json(path: str | Path) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InstanceError(f"{path}: not JSON: not UTF-8 text ({exc.reason})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(f"{path}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise InstanceError(f"{path}: not JSON this program reads: nested too deeply") from exc
    except ValueError as exc:
        # Python refuses to convert integers of more than 4300 digits (int_max_str_digits).
        raise InstanceError(f"{path}: not JSON this program reads: a number has too many digits") from exc


def _label(kind: str, index: int, obj: object) -> str:
    ident = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(ident, str) and ident.isprintable() and len(ident) <= 40:
        return f"{kind}[{index}] ({ident})"
    return f"{kind}[{index}]"


def _list(data: JsonObject, key: str, *, required: bool = True) -> list[object]:
    value = data.get(key)
    if value is None and not required:
        return []
    if key not in data:
        raise InstanceError(f"{key}: missing (a list is required)")
    if not isinstance(value, list):
        raise InstanceError(f"{key}: must be a list")
    return value


def _obj(value: object, where: str) -> JsonObject:
    if not isinstance(value, dict):
        raise InstanceError(f"{where}: must be an object")
    return value


def _is_text(value: str) -> bool:
    """False for a string with lone surrogates (JSON "\\ud800"): it cannot be written back as UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _id(obj: JsonObject, where: str, key: str = "id") -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{where}: '{key}' must be a non-empty string")
    if not _is_text(value):
        raise InstanceError(f"{where}: '{key}' is not valid Unicode text")
    return value


def _weight(value: object, where: str) -> float:
    # Compare before converting: float() of a 400-digit integer raises OverflowError.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(f"{where}: weight must be a positive number, got {_shown(value)}")
    if not (0 < value <= MAX_WEIGHT):  # NaN fails both comparisons
        raise InstanceError(f"{where}: weight must be a positive number up to {MAX_WEIGHT}, got {_shown(value)}")
    return value


def _shown(value: object) -> str:
    """A value for an error message: its JSON-ish repr, cut so a message stays one short line."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number with too many digits"
    return text if len(text) <= 60 else text[:57] + "..."


def _time(obj: JsonObject, where: str, key: str) -> datetime:
    value = obj.get(key)
    if not isinstance(value, str):
        raise InstanceError(f"{where}: '{key}' must be an ISO 8601 date-time string")
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise InstanceError(f"{where}: '{key}' is not an ISO 8601 date-time: {_shown(value)}") from exc


def parse_instance(data: object) -> Instance:
    """Validate a decoded JSON instance and return it as an :class:`Instance`."""
    root = _obj(data, "instance")
    if root.get("format") != INSTANCE_FORMAT:
        raise InstanceError(f"format: expected {INSTANCE_FORMAT!r}, got {_shown(root.get('format'))}")
    name = root.get("name", "")
    if not isinstance(name, str) or not _is_text(name):
        raise InstanceError("name: must be a string")

    slots: list[Slot] = []
    slot_ids: set[str] = set()
    sessions_seen: set[str] = set()
    for i, raw in enumerate(_list(root, "slots")):
        where = _label("slots", i, raw)
        obj = _obj(raw, where)
        sid = _id(obj, where)
        if sid in slot_ids:
            raise InstanceError(f"{where}: duplicate slot id {sid!r}")
        session = _id(obj, where, "session")
        start, end = _time(obj, where, "start"), _time(obj, where, "end")
        try:
            if end <= start:
                raise InstanceError(f"{where}: ends at or before it starts")
            if slots and start < slots[-1].end:
                raise InstanceError(f"{where}: not in time order (starts before slot {slots[-1].id!r} ends)")
        except TypeError as exc:
            raise InstanceError(f"{where}: mixes dates with and without a time zone") from exc
        if slots and session != slots[-1].session and session in sessions_seen:
            raise InstanceError(f"{where}: session {session!r} is not a run of consecutive slots")
        sessions_seen.add(session)
        slot_ids.add(sid)
        slots.append(Slot(sid, session, start, end))

    tables: list[str] = []
    for i, raw in enumerate(_list(root, "tables", required=False)):
        where = _label("tables", i, raw)
        tid = _id(_obj(raw, where), where)
        if tid in tables:
            raise InstanceError(f"{where}: duplicate table id {tid!r}")
        tables.append(tid)
    table_set = set(tables)

    participants: list[Participant] = []
    pids: set[str] = set()
    for i, raw in enumerate(_list(root, "participants")):
        where = _label("participants", i, raw)
        obj = _obj(raw, where)
        pid = _id(obj, where)
        if pid in pids:
            raise InstanceError(f"{where}: duplicate participant id {pid!r}")
        role = obj.get("role")
        if role is not None and (not isinstance(role, str) or not _is_text(role)):
            raise InstanceError(f"{where}: 'role' must be a string")
        available: tuple[str, ...] | None = None
        if obj.get("available") is not None:
            raw_av = obj["available"]
            if not isinstance(raw_av, list):
                raise InstanceError(f"{where}: 'available' must be a list of slot ids")
            seen: set[str] = set()
            for s in raw_av:
                if not isinstance(s, str) or s not in slot_ids:
                    raise InstanceError(f"{where}: 'available' names unknown slot {_shown(s)}")
                if s in seen:
                    raise InstanceError(f"{where}: 'available' lists slot {_shown(s)} twice")
                seen.add(s)
            available = tuple(raw_av)
        max_meetings = obj.get("max_meetings")
        if max_meetings is not None and (
            not isinstance(max_meetings, int) or isinstance(max_meetings, bool) or max_meetings < 0
        ):
            raise InstanceError(f"{where}: 'max_meetings' must be a non-negative integer, got {_shown(max_meetings)}")
        booth = obj.get("booth")
        if booth is not None:
            booth = _id(obj, where, "booth")
            if booth in table_set:
                # A location must be either a booth or a table, never both.
                raise InstanceError(f"{where}: booth {booth!r} is also a table id")
        pids.add(pid)
        participants.append(Participant(pid, role, available, max_meetings, booth))

    requests: list[Request] = []
    rids: set[str] = set()
    pairs: dict[tuple[str, str], str] = {}
    for i, raw in enumerate(_list(root, "requests")):
        where = _label("requests", i, raw)
        obj = _obj(raw, where)
        rid = _id(obj, where)
        if rid in rids:
            raise InstanceError(f"{where}: duplicate request id {rid!r}")
        a, b = obj.get("a"), obj.get("b")
        for key, value in (("a", a), ("b", b)):
            if not isinstance(value, str) or value not in pids:
                raise InstanceError(f"{where}: unknown participant {_shown(value)} in '{key}'")
        assert isinstance(a, str) and isinstance(b, str)
        if a == b:
            raise InstanceError(f"{where}: self-meeting ({a} with itself)")
        pair = (a, b) if a < b else (b, a)
        if pair in pairs:
            raise InstanceError(f"{where}: duplicate pair {a}–{b} (already requested by {pairs[pair]})")
        weight = _weight(obj.get("weight", 1), where)
        pairs[pair] = rid
        rids.add(rid)
        requests.append(Request(rid, a, b, weight))

    return Instance(name, slots, tables, participants, requests)


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file; raises :class:`InstanceError`."""
    try:
        return parse_instance(_read_json(path))
    except InstanceError as exc:
        message = str(exc)
        prefix = f"{path}: "
        raise InstanceError(message if message.startswith(prefix) else prefix + message) from None


def instance_to_dict(instance: Instance) -> JsonObject:
    """The JSON form of an instance (the inverse of :func:`parse_instance`)."""
    participants: list[JsonObject] = []
    for p in instance.participants:
        d: JsonObject = {"id": p.id}
        if p.role is not None:
            d["role"] = p.role
        if p.available is not None:
            d["available"] = list(p.available)
        if p.max_meetings is not None:
            d["max_meetings"] = p.max_meetings
        if p.booth is not None:
            d["booth"] = p.booth
        participants.append(d)
    return {
        "format": INSTANCE_FORMAT,
        "name": instance.name,
        "slots": [
            {"id": s.id, "session": s.session, "start": s.start.isoformat(), "end": s.end.isoformat()}
            for s in instance.slots
        ],
        "tables": [{"id": t} for t in instance.tables],
        "participants": participants,
        "requests": [{"id": r.id, "a": r.a, "b": r.b, "weight": r.weight} for r in instance.requests],
    }


def parse_schedule(data: object) -> Schedule:
    """Validate the shape of a decoded schedule (not its feasibility: see check_schedule)."""
    root = _obj(data, "schedule")
    if root.get("format") != SCHEDULE_FORMAT:
        raise InstanceError(f"format: expected {SCHEDULE_FORMAT!r}, got {_shown(root.get('format'))}")
    meetings: list[Meeting] = []
    for i, raw in enumerate(_list(root, "meetings")):
        where = f"meetings[{i}]"
        obj = _obj(raw, where)
        locked = obj.get("locked", False)
        if not isinstance(locked, bool):
            raise InstanceError(f"{where}: 'locked' must be true or false")
        meetings.append(
            Meeting(
                _id(obj, where, "request"),
                _id(obj, where, "slot"),
                _id(obj, where, "location"),
                locked,
            )
        )
    unscheduled: list[Unscheduled] = []
    for i, raw in enumerate(_list(root, "unscheduled", required=False)):
        where = f"unscheduled[{i}]"
        obj = _obj(raw, where)
        reason = obj.get("reason", "")
        unscheduled.append(Unscheduled(_id(obj, where, "request"), str(reason)))
    stats_raw = root.get("stats", {})
    stats: dict[str, StatValue] = {}
    if isinstance(stats_raw, dict):
        for key, value in stats_raw.items():
            if value is None or isinstance(value, int | float | str):
                stats[str(key)] = value
    return Schedule(meetings, unscheduled, stats)


def load_schedule(path: str | Path) -> Schedule:
    """Read a schedule file; raises :class:`InstanceError` on a broken file."""
    try:
        return parse_schedule(_read_json(path))
    except InstanceError as exc:
        message = str(exc)
        prefix = f"{path}: "
        raise InstanceError(message if message.startswith(prefix) else prefix + message) from None


def schedule_to_dict(schedule: Schedule) -> JsonObject:
    """The JSON form of a schedule; ``locked`` is written only when true."""
    meetings: list[JsonObject] = []
    for m in schedule.meetings:
        d: JsonObject = {"request": m.request, "slot": m.slot, "location": m.location}
        if m.locked:
            d["locked"] = True
        meetings.append(d)
    return {
        "format": SCHEDULE_FORMAT,
        "meetings": meetings,
        "unscheduled": [{"request": u.request, "reason": u.reason} for u in schedule.unscheduled],
        "stats": dict(schedule.stats),
    }


def dump_schedule(schedule: Schedule) -> str:
    """The schedule as JSON text (UTF-8, Thai left readable)."""
    return json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=1) + "\n"


def write_text_atomically(path: str | Path, text: str) -> None:
    """Write a whole file or nothing: a reader never sees a partial schedule."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
