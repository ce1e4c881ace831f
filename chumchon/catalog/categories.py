"""Finding a category by the words people use for it: its slug, its Thai or English name, or an alias.

Comparison ignores case, spaces, hyphens and punctuation, British or American spelling
(jewellery/jewelry) and an English plural "s"; `label_key` is that comparison. The curated names and
aliases are in `taxonomy.py`; officers add more in the admin (a category's "other names").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from chumchon.catalog.models import Category

# British → American (both sides of a comparison go through it, so either spelling matches).
_SPELLINGS = (
    ("jewellery", "jewelry"), ("jeweller", "jeweler"), ("colour", "color"), ("centre", "center"),
    ("theatre", "theater"), ("grey", "gray"), ("organis", "organiz"), ("travell", "travel"),
    ("เวิร์ค", "เวิร์ก"), ("ช็อพ", "ช็อป"), ("ชอป", "ช็อป"), ("เซรามิค", "เซรามิก"),
)  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+")
_ENGLISH_WORD = re.compile(r"[a-z]{4,}s\b")


def label_key(text: str) -> str:
    """A label as compared: `Jewellery`, ` jewelry` and `JEWELRY` give the same key, `Day-trips` and
    `day trip` too; spaces in Thai do not matter."""
    value = unicodedata.normalize("NFC", text).casefold().replace("&", " and ")
    for british, american in _SPELLINGS:
        value = value.replace(british, american)
    value = _ENGLISH_WORD.sub(lambda match: match.group(0)[:-1], value)  # tours → tour, crafts → craft
    return _NOT_WORD.sub("", value)


class CategoryIndex:
    """Categories findable by slug, Thai or English name or alias (all of them, loaded once)."""

    def __init__(self, categories: Iterable[Category] | None = None) -> None:
        self.categories = list(Category.objects.all() if categories is None else categories)
        self.by_key: dict[str, Category] = {}
        self.by_slug: dict[str, Category] = {}
        for category in self.categories:
            self.by_slug[category.slug] = category
            self.add(category)

    def add(self, category: Category) -> None:
        self.by_slug.setdefault(category.slug, category)
        # Slugs and names first: an alias never hides another category's own name.
        for name in (category.slug, category.name_th, category.name_en):
            if name:
                self.by_key.setdefault(label_key(name), category)
        for alias in category.aliases or []:
            if isinstance(alias, str) and alias.strip():
                self.by_key.setdefault(label_key(alias), category)

    def find(self, label: str) -> Category | None:
        """The category a label names, or None."""
        key = label_key(label)
        return self.by_key.get(key) if key else None

    def suggest(self, label: str) -> Category | None:
        """The category whose name or alias is closest to a label that names none (a misspelling)."""
        key = label_key(label)
        if not key:
            return None
        match = difflib.get_close_matches(key, list(self.by_key), n=1, cutoff=0.75)
        return self.by_key[match[0]] if match else None
