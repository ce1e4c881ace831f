"""Text helpers shared by the apps: Thai alphabetical order.

Python sorts by code point, which puts every word that starts with a leading vowel (เ แ โ ใ ไ)
after all the others ("ขนม" before "เกาะ") and lets a tone mark decide before the letters after
it. Lists sorted by name use `thai_sort_key` instead: PyThaiNLP's collation (`pythainlp.util.collate`,
the order of the Thai dictionary), with English compared without case after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

try:  # the key `collate` sorts by; PyThaiNLP keeps it private
    from pythainlp.util.collate import _thkey
except ImportError:  # pragma: no cover - a PyThaiNLP without it: the same rule, written here
    import re

    _TONE = re.compile(r"[็-์]")
    _LEADING_VOWEL = re.compile(r"([เ-ไ])([ก-ฮ])")

    def _thkey(word: str) -> str:
        letters = _LEADING_VOWEL.sub("\\2\\1", _TONE.sub("", word))
        tone = _TONE.search(word)
        return letters + (tone.group() if tone else "")


T = TypeVar("T")


def thai_sort_key(text: str | None) -> tuple[str, str]:
    """Sort key of a name in Thai dictionary order (leading vowels and tone marks as a Thai reader
    expects); other scripts compare without case."""
    value = " ".join((text or "").split())
    return _thkey(value.casefold()), value


def thai_sorted(items: Iterable[T], *, key: Callable[[T], str | None] = str) -> list[T]:
    """`items` in Thai alphabetical order of `key(item)` (by default the item's text)."""
    return sorted(items, key=lambda item: thai_sort_key(key(item)))
