"""How rows name records: their external_id, or `listing:42` / `community:7` for records made on the platform."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import models

# Records made on the platform (not imported) have no external_id; an export names them
# `listing:42` / `community:7` (their own id), so that importing an export changes nothing.
PLATFORM_ID = re.compile(r"^(listing|community):(\d+)$")

_LOOKUP_CHUNK = 2000  # stay under SQLite's limit on query parameters

M = TypeVar("M", bound=models.Model)


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start : start + _LOOKUP_CHUNK]


def _by_external_id(model: type[M], references: Iterable[str]) -> dict[str, M]:
    """Records by external_id, and by `listing:42`/`community:7` for records made on the platform."""
    prefix = model._meta.model_name
    ids, pks = set(), set()
    for reference in references:
        match = PLATFORM_ID.match(reference)
        if match is None:
            ids.add(reference)
        elif match.group(1) == prefix:
            pks.add(int(match.group(2)))
    found: dict[str, M] = {}
    manager = model._default_manager
    for chunk in _chunks(sorted(ids)):
        for item in manager.filter(external_id__in=chunk):
            found[item.external_id] = item  # type: ignore[attr-defined]
    for chunk in _chunks(sorted(pks)):
        for item in manager.filter(pk__in=chunk):
            found[f"{prefix}:{item.pk}"] = item
    return found


def platform_reference(item: models.Model) -> str:
    """How an export names a record: its external_id, or `listing:42` when it has none."""
    return getattr(item, "external_id", None) or f"{item._meta.model_name}:{item.pk}"
