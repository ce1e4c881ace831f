"""Problems found in an import file: one per row and column, or one for the file as a whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem: its row (as the spreadsheet numbers it; 0 for the file as a whole), its column and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("row %(row)d, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "text": str(self)}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, not UTF-8, empty, bad columns...)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


def _file_error(message: str, *, row: int = 0, column: str = "") -> ImportFileError:
    return ImportFileError([RowError(row, column, message)])
