"""Category labels of a listings file: matched to the curated categories by slug, name or alias;
a label that names none is resolved once for all its rows, by the officer's choice (an existing
category, or a new one of that name) or reported, with how many rows use it.

Choices come from the import page's preview or from the command line (`--map-category LABEL=slug`,
`--create-categories`); see docs/importing.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from chumchon.catalog.categories import CategoryIndex, label_key
from chumchon.catalog.imports.cells import _Cells, _did_you_mean
from chumchon.catalog.models import Category

#: The choice "create a category of that name" for a label (any other choice is a slug).
CREATE_CATEGORY = "+"


@dataclass(eq=False)
class NewCategory:
    """A category the import will create, named by the label as the file writes it."""

    label: str
    pk: None = None

    def __str__(self) -> str:
        return self.label


@dataclass
class UnknownLabel:
    label: str
    rows: list[int] = field(default_factory=list)
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "rows": len(self.rows),
            "row_numbers": self.rows[:2000],
            "suggestion": self.suggestion,
        }


class CategoryLabels:
    """The categories of one file's rows, with the officer's choices for labels that name none."""

    def __init__(self, choices: Mapping[str, str] | None = None, *, create_all: bool = False) -> None:
        self.index = CategoryIndex()
        self.choices = {label_key(label): value.strip() for label, value in (choices or {}).items()}
        self.create_all = create_all
        self.unknown: dict[str, UnknownLabel] = {}
        self.new: dict[str, NewCategory] = {}

    def read(self, cells: _Cells) -> Category | NewCategory | None:
        value = " ".join(cells.raw("category").split())
        if not value:
            return None
        key = label_key(value)
        choice = self.choices.get(key)
        known = self.index.find(value)
        if choice == CREATE_CATEGORY or (choice is None and self.create_all):
            # A category of that name made by an earlier import is used, not made twice.
            return known or self.new.setdefault(key, NewCategory(label=value))
        if choice:
            chosen = self.index.by_slug.get(choice.lower())
            if chosen is None:
                cells.error(
                    "category",
                    _('the category chosen for "%(label)s" (%(slug)s) does not exist')
                    % {"label": value, "slug": choice},
                )
            return chosen
        if known is not None:
            return known
        suggestion = self.index.suggest(value)
        unknown = self.unknown.setdefault(
            key, UnknownLabel(label=value, suggestion=suggestion.slug if suggestion else "")
        )
        unknown.rows.append(cells.row)
        message = _('no category "%(value)s"') % {"value": value}
        if suggestion is not None:
            cells.error("category", _did_you_mean(message, suggestion.slug))
        else:
            cells.error(
                "category",
                _("%(message)s; choose a category for it or create it (the categories are: %(slugs)s)")
                % {"message": message, "slugs": ", ".join(sorted(self.index.by_slug))},
            )
        return None

    def unknown_labels(self) -> list[dict[str, Any]]:
        """Each label that names no category, once, with how many rows use it (most used first)."""
        labels = sorted(self.unknown.values(), key=lambda item: (-len(item.rows), item.rows[0]))
        return [item.as_dict() for item in labels]
