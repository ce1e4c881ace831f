"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from chumchon.core.text import thai_sort_key


class SortKeyField(models.CharField):
    """A name's Thai dictionary-order key (`core.text.thai_sort_key`), stored so that an index
    serves lists ordered by name. The key is built to be compared code point by code point, so the
    column compares bytes on every database: SQLite's default (BINARY) already does; on PostgreSQL
    the column takes the "C" collation (a server's default, en_US or th_TH, would reorder the key)."""

    MAX_LENGTH = 200

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", self.MAX_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params

    @classmethod
    def key_of(cls, text: str | None) -> str:
        return thai_sort_key(text)[0][: cls.MAX_LENGTH]
