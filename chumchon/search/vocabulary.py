"""The domain vocabulary of the search: Thai <-> English words of crafts, food and trips
(`vocabulary.toml`, reviewed like code) and the catalogue's category names and aliases.

A query word that is a term of a concept also finds the concept's other terms, in either language,
and its narrower words (pottery finds celadon, สังคโลก, ดินเผา…); a category name or alias finds
the category's listings (through the category names the index holds in each listing's tags). A
change here needs no rebuild to be right: on PostgreSQL each concept is also indexed as one lexeme
(`backend.concepts`), and a changed one is searched by its words until the next rebuild.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chumchon.search import text

PATH = Path(__file__).with_name("vocabulary.toml")
KINDS = ("product", "experience", "route")
# The longest term, in tokens, looked for in a query.
MAX_TERM_TOKENS = 5


@dataclass(frozen=True)
class Concept:
    name: str
    terms: tuple[str, ...]
    narrower: tuple[str, ...] = ()
    kind: str = ""


def tokens_of(value: str) -> tuple[str, ...]:
    """A term or query as index tokens: Thai segmented, other words plural-folded."""
    out: list[str] = []
    for chunk in text.chunks(value):
        out.extend(text.chunk_words(chunk))
    return tuple(out)


def load(path: Path = PATH) -> list[Concept]:
    """The concepts of a vocabulary file; raises ValueError on a malformed entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    concepts = []
    for entry in data.get("concept", []):
        unknown = set(entry) - {"name", "terms", "narrower", "kind"}
        if unknown or not entry.get("name") or not entry.get("terms"):
            raise ValueError(f"bad vocabulary entry {entry!r}")
        kind = entry.get("kind", "")
        if kind and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {entry['name']!r}")
        concepts.append(
            Concept(
                name=entry["name"],
                terms=tuple(dict.fromkeys(entry["terms"])),
                narrower=tuple(dict.fromkeys(entry.get("narrower", ()))),
                kind=kind,
            )
        )
    return concepts


@cache
def concepts() -> tuple[Concept, ...]:
    return tuple(load())


@cache
def _file_table() -> dict[tuple[str, ...], tuple[int, ...]]:
    table: dict[tuple[str, ...], list[int]] = {}
    for i, concept in enumerate(concepts()):
        for term in concept.terms:
            key = tokens_of(term)
            if key and i not in table.setdefault(key, []):
                table[key].append(i)
    return {key: tuple(value) for key, value in table.items()}


@cache
def roman_table() -> dict[str, tuple[str, ...]]:
    """roman key of a Latin term → the tokens of its concept's first Thai term (so that
    Sangkalok, Sangkhalok and sangkhaloke are one word): for transliterations."""
    out: dict[str, tuple[str, ...]] = {}
    for concept in concepts():
        thai = [t for t in concept.terms if text.is_thai(text.normalize(t))]
        if not thai:
            continue
        for term in concept.terms:
            if not text.is_thai(text.normalize(term)):
                key = text.roman_key(term)
                if len(key) >= 4:
                    out.setdefault(key, tokens_of(thai[0]))
    return out


# --- Categories (read from the catalogue) ---------------------------------------------------------

_CATEGORY_CACHE: dict[str, Any] = {"at": 0.0, "stamp": None, "value": {}}
CATEGORY_TTL = 60.0


def _alias_names(category: Any) -> list[str]:
    """Aliases of a category, however the catalogue keeps them (a list or text field `aliases`,
    or related alias rows with a `name` or `label`): none when it keeps none."""
    value = getattr(category, "aliases", None)
    if value is None:
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.replace("\n", ",").split(",") if a.strip()]
    if isinstance(value, (list, tuple)):
        return [str(a) for a in value if str(a).strip()]
    if hasattr(value, "all"):
        names = []
        for row in value.all():
            for attribute in ("name", "label", "alias", "text"):
                if getattr(row, attribute, None):
                    names.append(str(getattr(row, attribute)))
                    break
        return names
    return []


#: Words a catalogue alias may not turn into a whole category in search: they mean something else
#: in everyday text (เงิน is silver and money; ทอง gold and the name of places and people).
AMBIGUOUS = frozenset({("เงิน",), ("ทอง",)})


def _alias_usable(key: tuple[str, ...]) -> bool:
    """Whether a category alias may expand a query to its category. The reviewed vocabulary says
    exactly what its own words find (celadon finds celadon, not every ceramic), and ambiguous words
    find only themselves; an import label the officers added as an alias never overrides either."""
    return key not in AMBIGUOUS and key not in _file_table()


def category_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """tokens of a category name or alias → the tokens of the category's names, as the index holds
    them in every listing's tags. Read from the catalogue, at most once a minute."""
    from chumchon.catalog.models import Category

    now = time.monotonic()
    if now - _CATEGORY_CACHE["at"] < CATEGORY_TTL:
        return _CATEGORY_CACHE["value"]
    related = any(f.name == "aliases" and f.is_relation for f in Category._meta.get_fields())
    categories = list(
        Category.objects.prefetch_related("aliases") if related else Category.objects.all()  # type: ignore[misc]
    )
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for category in categories:
        names = [tokens_of(n) for n in (category.name_th, category.name_en) if n]
        names = [n for n in names if n]
        names_and_slug = [category.name_th, category.name_en, category.slug.replace("-", " ")]
        aliases = [a for a in _alias_names(category) if _alias_usable(tokens_of(a))]
        for label in [*names_and_slug, *aliases]:
            key = tokens_of(label or "")
            if key:
                for name in names:
                    if name not in table.setdefault(key, []):
                        table[key].append(name)
    value = {key: tuple(names) for key, names in table.items()}
    _CATEGORY_CACHE.update(at=now, value=value)
    return value


def forget_categories() -> None:
    """Read the categories again at the next query (after the catalogue changed them), and which
    of their concepts the index holds."""
    from chumchon.search.backend import concepts

    _CATEGORY_CACHE["at"] = 0.0
    concepts.forget()


# --- Lookup -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expansion:
    """What a query term also finds: other words (as token tuples) and a kind."""

    phrases: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...] = ()
    broader: bool = False  # the term names a concept with narrower words


def lookup(key: tuple[str, ...]) -> Expansion | None:
    """The expansion of a query term (tokens), or None when it is no term of the vocabulary or a
    category name."""
    phrases: list[tuple[str, ...]] = []
    kinds: list[str] = []
    broader = False
    found = False
    for i in _file_table().get(key, ()):
        found = True
        concept = concepts()[i]
        broader = broader or bool(concept.narrower)
        for term in (*concept.terms, *concept.narrower):
            tokens = tokens_of(term)
            if tokens and tokens not in phrases:
                phrases.append(tokens)
        if concept.kind:
            kinds.append(concept.kind)
    for names in category_table().get(key, ()):
        found = True
        if names not in phrases:
            phrases.append(names)
    if not found:
        return None
    return Expansion(phrases=tuple(phrases), kinds=tuple(dict.fromkeys(kinds)), broader=broader)


def phrase_forms(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """How a vocabulary word is searched: as its tokens in a row and, a Thai word of several
    syllables, also as the phrase of its syllables (จักสาน inside เครื่องจักสาน)."""
    if len(tokens) == 1 and text.is_thai(tokens[0]):
        syllables = text.thai_syllables_of(tokens[0])
        if len(syllables) > 1:
            return (tokens, syllables)
    return (tokens,)


def concept_forms(expansion: Expansion) -> tuple[tuple[str, ...], ...]:
    """Every form of every word an expansion stands for: what its indexed lexeme holds
    (backend.concepts)."""
    return tuple(dict.fromkeys(form for phrase in expansion.phrases for form in phrase_forms(phrase)))


_EXPANSIONS: dict[str, Any] = {"table": None, "value": ()}


def expansions() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The forms of every distinct expansion of the vocabulary and the category names: the
    concepts a rebuild indexes (backend.concepts)."""
    table = category_table()
    if _EXPANSIONS["table"] is table:
        return _EXPANSIONS["value"]
    out: dict[tuple[tuple[str, ...], ...], None] = {}
    for key in [*_file_table(), *table]:
        expansion = lookup(key)
        if expansion is not None:
            out.setdefault(concept_forms(expansion), None)
    value = tuple(out)
    _EXPANSIONS.update(table=table, value=value)
    return value


def is_craft_word(key: tuple[str, ...]) -> bool:
    """A term of the reviewed vocabulary file (a craft, material, food or trip word), category
    names and import aliases aside."""
    return key in _file_table()


def is_term(key: tuple[str, ...]) -> bool:
    return key in _file_table() or key in category_table()
