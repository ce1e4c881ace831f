"""Thai-aware text processing shared by the index and the queries: normalisation, word
segmentation (PyThaiNLP `newmm` with a project dictionary), syllables, plural folding and the keys
used for typo tolerance and transliterations.

Both the documents and the queries go through the same functions, so that a token written by the
index is exactly the token a query looks for. Nothing here touches the database.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import NamedTuple

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from django.utils.translation import ngettext
from pythainlp.corpus import thai_stopwords, thai_syllables, thai_words
from pythainlp.tokenize import Tokenizer
from pythainlp.util import dict_trie
from pythainlp.util import normalize as thai_normalize

# Craft, food and tourism words newmm would otherwise split (สังคโลก → สังค|โลก) or that buyers
# type as one word. Place names are added from the places data (geothai), not typed here.
PROJECT_WORDS = [
    "สังคโลก",
    "เครื่องสังคโลก",
    "ผ้าซิ่นตีนจก",
    "ซิ่นตีนจก",
    "ตีนจก",
    "ผ้าตีนจก",
    "ผ้าซิ่น",
    "ผ้าทอ",
    "ผ้าทอมือ",
    "ทอมือ",
    "ผ้าไหม",
    "ผ้าฝ้าย",
    "ผ้าขาวม้า",
    "ผ้ามัดย้อม",
    "มัดย้อม",
    "ย้อมคราม",
    "ผ้าย้อมคราม",
    "ลายน้ำไหล",
    "ผ้าลายน้ำไหล",
    "ไทยพวน",
    "ทองโบราณ",
    "ทองสุโขทัย",
    "เครื่องเงิน",
    "เครื่องปั้นดินเผา",
    "ดินเผา",
    "ปั้นดิน",
    "ตุ๊กตาดินเผา",
    "เคลือบศิลาดล",
    "ศิลาดล",
    "เครื่องจักสาน",
    "จักสาน",
    "ผักตบชวา",
    "ไม้แกะสลัก",
    "แกะสลัก",
    "ขนมหม้อแกง",
    "ขนมตาล",
    "น้ำตาลโตนด",
    "ข้าวแต๋น",
    "กล้วยตาก",
    "น้ำพริก",
    "ลูกประคบ",
    "ยาหม่อง",
    "ชาสมุนไพร",
    "สมุนไพร",
    "โฮมสเตย์",
    "เวิร์กช็อป",
    "เวิร์คช็อป",
    "ทุ่งนา",
    "ริมน้ำ",
    "ของฝาก",
    "ของที่ระลึก",
    "ผ้าพันคอ",
    "กระเป๋าสาน",
    "ตะกร้าสาน",
    "เพลงอีแซว",
    "อีแซว",
    "ดนตรีพื้นบ้าน",
    "ศิลปะพื้นบ้าน",
    "อาหารพื้นบ้าน",
    "อาหารพื้นถิ่น",
    "เตาทุเรียง",
    "ข้าวเปิ๊บ",
    "ข้าวหอมมะลิ",
]

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
THAI_FOLD = str.maketrans({"ฃ": "ข", "ฅ": "ค"})
TONE_MARKS = dict.fromkeys(map(ord, "\u0e48\u0e49\u0e4a\u0e4b\u0e47\u0e4c"))

# A run of letters, digits and combining marks (Thai vowels and tone marks are Mn and are not \w).
_CHUNK = re.compile(r"(?:[^\W_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])+")
_THAI = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+")
_THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")
_PARAGRAPHS = re.compile(r"\n\s*\n|\r\n\s*\r\n|(?<=[.!?。])\s+|\s{2,}")

MAX_TOKEN = 48


# What PyThaiNLP's normalize() would change: a tone mark before a vowel mark, a repeated mark,
# เเ for แ, a mark with no consonant. Text without any of these is left as it is (fast path).
_NEEDS_THAI_NORMALIZE = re.compile(
    r"[\u0e48-\u0e4b][\u0e31\u0e34-\u0e3a\u0e47]|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\1|\u0e40\u0e40"
    r"|(?:^|[^\u0e01-\u0e2e\u0e31-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """NFC, no zero-width characters, ํา → ำ, ฃ → ข, ฅ → ค, Thai vowel and tone-mark order
    (PyThaiNLP), case folded."""
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    if _THAI_CHAR.search(text):
        text = text.replace("\u0e4d\u0e32", "\u0e33").translate(THAI_FOLD)
        if _NEEDS_THAI_NORMALIZE.search(text):
            text = thai_normalize(text)
    return text.casefold()


def skeleton(token: str) -> str:
    """The token without tone marks (and mai taikhu, thanthakhat): typed-without-tones matches."""
    return token.translate(TONE_MARKS)


def is_thai(token: str) -> bool:
    return bool(_THAI_CHAR.match(token))


def fold_english(word: str) -> str:
    """Light English stemming: plural folding (bowls → bowl, dishes → dish, stories → story)."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


@cache
def place_words() -> frozenset[str]:
    """Thai names of every province, district and subdistrict (geothai: the places data)."""
    import geothai

    names: set[str] = set()
    for province in geothai.provinces():
        names.add(province.name_th)
        for district in geothai.districts(province.code):
            names.add(district.name_th)
            for subdistrict in geothai.subdistricts(district.code):
                names.add(subdistrict.name_th)
    return frozenset(normalize(name) for name in names if " " not in name)


@cache
def _word_tokenizer() -> Tokenizer:
    words = set(thai_words()) | {normalize(w) for w in PROJECT_WORDS} | place_words()
    return Tokenizer(custom_dict=dict_trie(words), engine="newmm", keep_whitespace=False)


@cache
def _syllable_tokenizer() -> Tokenizer:
    return Tokenizer(custom_dict=dict_trie(thai_syllables()), engine="newmm", keep_whitespace=False)


@cache
def stopwords() -> frozenset[str]:
    english = {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
    return frozenset({normalize(w) for w in thai_stopwords()} | english)


def load() -> None:
    """Read the dictionaries now rather than at the first search (a second or more): for a server
    process starting up (chumchon/wsgi.py)."""
    _word_tokenizer()
    _syllable_tokenizer()
    stopwords()
    thai_words_of("ผ้าทอมือ")
    thai_syllables_of("ผ้าทอมือ")


def chunks(text: str) -> list[str]:
    """Normalised runs of letters and digits (Thai runs and Latin runs split apart)."""
    out: list[str] = []
    for chunk in _CHUNK.findall(normalize(text)):
        pos = 0
        for match in _THAI.finditer(chunk):
            if match.start() > pos:
                out.append(chunk[pos : match.start()])
            out.append(match.group())
            pos = match.end()
        if pos < len(chunk):
            out.append(chunk[pos:])
    return [c for c in out if c]


@lru_cache(maxsize=65536)
def thai_words_of(chunk: str) -> tuple[str, ...]:
    return tuple(w for w in _word_tokenizer().word_tokenize(chunk) if _CHUNK.fullmatch(w))


@lru_cache(maxsize=65536)
def thai_syllables_of(chunk: str) -> tuple[str, ...]:
    return tuple(s for s in _syllable_tokenizer().word_tokenize(chunk) if _CHUNK.fullmatch(s))


def syllable_spans(value: str, wanted: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) in `value` of each Thai syllable of `wanted`, found where the text's own
    syllables are (so ทอ marks ทอ in ฝ้ายทอมือ but not the start of ทอง)."""
    wanted = set(wanted)
    spans: list[tuple[int, int]] = []
    if not wanted:
        return spans
    for run in _THAI.finditer(value):
        normalised = normalize(run.group())
        if len(normalised) != len(run.group()):  # a spelling fix moved letters: offsets would drift
            continue
        if not any(syllable in normalised for syllable in wanted):  # most runs: no segmenting
            continue
        position = 0
        for syllable in thai_syllables_of(normalised):
            start = normalised.find(syllable, position)
            if start < 0:
                break
            position = start + len(syllable)
            if syllable in wanted:
                spans.append((run.start() + start, run.start() + position))
    return spans


def chunk_words(chunk: str) -> tuple[str, ...]:
    if is_thai(chunk):
        return thai_words_of(chunk)
    return (fold_english(chunk),)


def paragraphs(text: str) -> Iterator[str]:
    """Segmenting one huge string is many times slower than the same text in paragraphs."""
    for part in _PARAGRAPHS.split(text):
        if part and not part.isspace():
            yield part


def analyse(text: str) -> tuple[list[str], list[str]]:
    """(words, syllables) of a text, paragraph by paragraph: newmm words for Thai and folded
    words for everything else; the syllables of the Thai text in order (ศิลปะ in ศิลปะพื้นบ้าน)."""
    out_words: list[str] = []
    out_syllables: list[str] = []
    for part in paragraphs(text):
        for chunk in chunks(part):
            if is_thai(chunk):
                out_words.extend(w[:MAX_TOKEN] for w in thai_words_of(chunk))
                out_syllables.extend(thai_syllables_of(chunk))
            else:
                out_words.append(fold_english(chunk)[:MAX_TOKEN])
    return out_words, out_syllables


def words(text: str) -> list[str]:
    """Index tokens: newmm words for Thai, folded words for everything else."""
    return analyse(text)[0]


def syllables(text: str) -> list[str]:
    """Sub-word tokens: the syllables of Thai text in order (for ศิลปะ in ศิลปะพื้นบ้าน)."""
    return analyse(text)[1]


def join(tokens: Iterable[str]) -> str:
    return " ".join(tokens)


# --- Transliteration -----------------------------------------------------------------------------

_ROMAN_FOLD = [
    ("sri", "si"),
    ("kh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("ch", "c"),
    ("j", "c"),
    ("oo", "u"),
    ("ee", "i"),
    ("ua", "ua"),
    ("ai", "ai"),
    ("ay", "ai"),
    ("w", "w"),
]


def roman_key(text: str) -> str:
    """A loose key for Latin transliterations: Sukhothai = Sukothai = sukhotai; Si Satchanalai =
    Sri Satchanalai = srisatchanalai; Sawankhalok = Sawankalok."""
    key = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    for before, after in _ROMAN_FOLD:
        key = key.replace(before, after)
    key = re.sub(r"h(?![aeiou])", "", key)  # silent/aspirating h
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters
    return key


# --- Edit distance for typo tolerance ------------------------------------------------------------


def deletion_keys(token: str) -> set[str]:
    """The token, each one-letter deletion of it and its tone-free skeleton: two tokens within one
    edit share at least one key."""
    keys = {token, skeleton(token)}
    keys.update(token[:i] + token[i + 1 :] for i in range(len(token)))
    return {k for k in keys if k}


def within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance ≤ 1, or the same letters once tone marks are ignored."""
    if a == b or skeleton(a) == skeleton(b):
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


#: Every search entry point keeps at most this many words of `q` (see limit_words).
MAX_QUERY_WORDS = 32
#: Characters of `q` read before its words are counted: segmenting 20,000 Thai characters is slow.
MAX_QUERY_INPUT_CHARS = 1000


class LimitedQuery(NamedTuple):
    text: str
    was_cut: bool
    words: int  # how many words `text` holds


def _words_in(piece: str) -> list[list[str]]:
    """The words of a piece of text without spaces, chunk by chunk (Thai runs segmented)."""
    return [list(thai_words_of(c)) if is_thai(c) else [c] for c in chunks(piece)]


def limit_words(query: str) -> LimitedQuery:
    """`query` cut to its first MAX_QUERY_WORDS words, and whether anything was cut.

    Searches build one database condition per word: SQLite refuses about a thousand of them
    ("Expression tree is too large") and PostgreSQL slows down, so every entry point that reads
    `q` cuts it here first. Thai has no spaces between words: a run counts as the words newmm
    finds in it, and is cut inside when it holds more than are left.
    """
    head = query[:MAX_QUERY_INPUT_CHARS]
    was_cut = len(head) < len(query)
    kept: list[str] = []
    count = 0
    for piece in head.split():
        chunks = _words_in(piece)
        n = sum(len(words) for words in chunks)
        if count + n <= MAX_QUERY_WORDS:
            kept.append(piece)
            count += n
            continue
        was_cut = True
        parts: list[str] = []
        for words in chunks:
            take = words[: MAX_QUERY_WORDS - count]
            if take:
                parts.append("".join(take))
                count += len(take)
        kept.extend(parts)
        break
    return LimitedQuery(" ".join(kept), was_cut, count)


def cut_query_message(limited: LimitedQuery) -> str:
    """What a results page says when the query was cut ("" when it was not)."""
    if not limited.was_cut:
        return ""
    return ngettext(
        "Only the first word was searched.",
        "Only the first %(count)d words were searched.",
        limited.words,
    ) % {"count": limited.words}
