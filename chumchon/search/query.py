"""From what a buyer typed to a query plan: segmentation, prefix on the last word, transliteration
aliases, place detection, typo correction ("did you mean") and dropping words nothing matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from chumchon.search import backend, text
from chumchon.search.backend import And, Node, Or, Term

MAX_QUERY_CHARS = 200
MAX_GROUPS = 8
# Latin spellings buyers use for craft and food words, beyond place names (which come from the
# places data). The key is text.roman_key() of the spelling; the value a word of the index.
CRAFT_ALIASES = {
    "sangkhalok": "สังคโลก",
    "sawankhalok ware": "สังคโลก",
    "celadon": "ศิลาดล",
    "teen jok": "ตีนจก",
    "tin jok": "ตีนจก",
    "teenjok": "ตีนจก",
    "pha sin": "ผ้าซิ่น",
    "sarong": "ผ้าซิ่น",
    "homestay": "โฮมสเตย์",
    "mudmee": "มัดหมี่",
    "mat mi": "มัดหมี่",
    "benjarong": "เบญจรงค์",
    "khao taen": "ข้าวแต๋น",
    "khanom mo kaeng": "ขนมหม้อแกง",
    "custard cake": "ขนมหม้อแกง",
    "nam phrik": "น้ำพริก",
    "chili paste": "น้ำพริก",
    "tai phuan": "ไทยพวน",
    "thai phuan": "ไทยพวน",
    "indigo": "คราม",
    "basketry": "จักสาน",
    "pottery": "เครื่องปั้นดินเผา",
    "terracotta": "ดินเผา",
    "woodcarving": "แกะสลัก",
    "herbal compress": "ลูกประคบ",
    # English craft words, so that an English query also finds listings written in Thai only and
    # the word's other forms (weaving, woven: ทอผ้า). Plurals are folded before the lookup.
    "weaving": "ทอผ้า",
    "weave": "ทอผ้า",
    "weaver": "ทอผ้า",
    "woven": "ทอผ้า",
    "carving": "แกะสลัก",
    "carved": "แกะสลัก",
    "carve": "แกะสลัก",
    "carver": "แกะสลัก",
    "silk": "ผ้าไหม",
    "cotton": "ฝ้าย",
    "ceramic": "เซรามิก",
    "potter": "ช่างปั้น",
    "basket": "ตะกร้า",
    "bamboo": "ไม้ไผ่",
    "herbal": "สมุนไพร",
    "herb": "สมุนไพร",
    "massage": "นวด",
    "cooking": "ทำอาหาร",
    "snack": "ขนม",
    "jewellery": "เครื่องประดับ",
    "jewelry": "เครื่องประดับ",
    "scarf": "ผ้าพันคอ",
    "scarves": "ผ้าพันคอ",
    "textile": "ผ้า",
    "fabric": "ผ้า",
    "cloth": "ผ้า",
    "dyeing": "ย้อม",
    "dyed": "ย้อม",
}


@cache
def aliases() -> dict[str, str]:
    """roman key → Thai word: provinces and districts (geothai) and the craft words above."""
    import geothai

    table: dict[str, str] = {}
    for province in geothai.provinces():
        table.setdefault(text.roman_key(province.name_en), text.normalize(province.name_th))
        for district in geothai.districts(province.code):
            name_th = text.normalize(district.name_th)
            table.setdefault(text.roman_key(district.name_en), name_th)
            for prefix in ("mueang ", "amphoe "):
                if district.name_en.lower().startswith(prefix):
                    table.setdefault(text.roman_key(district.name_en[len(prefix) :]), name_th)
    for spelling, thai in CRAFT_ALIASES.items():
        table[text.roman_key(spelling)] = text.normalize(thai)
    table.pop("", None)
    return table


@dataclass
class Group:
    """One thing the query asks for (a Thai run, an English word, a transliterated name); every
    group must match."""

    surface: str
    node: Node
    words: tuple[str, ...] = ()  # what a snippet highlights
    is_last: bool = False
    correctable: str = ""  # the text to correct when nothing matches


@dataclass
class Plan:
    query: str
    groups: list[Group] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # surface → corrected word
    dropped: list[str] = field(default_factory=list)  # words nothing matches, left out
    place_words: set[str] = field(default_factory=set)
    no_match: bool = False  # the query had words, and none of them matches anything
    index: str = ""  # the index the plan was checked against
    matches: int | None = None  # how many documents of `index` the query as typed matches

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def node(self) -> Node:
        return And(tuple(group.node for group in self.groups))

    @property
    def highlight_words(self) -> list[str]:
        seen: list[str] = []
        for group in self.groups:
            for word in group.words:
                if word and word not in seen:
                    seen.append(word)
        return sorted(seen, key=len, reverse=True)

    @property
    def highlight_syllables(self) -> dict[str, tuple[str, ...]]:
        """{Thai word of the query: its syllables}: ผ้าทอ also finds ผ้าพันคอฝ้ายทอมือ, where a
        snippet marks ผ้า and ทอ (one-letter syllables would mark almost any text)."""
        out: dict[str, tuple[str, ...]] = {}
        for group in self.groups:
            for word in group.words:
                syllables = text.thai_syllables_of(word) if text.is_thai(word) else ()
                if len(syllables) > 1:
                    out[word] = tuple(s for s in syllables if len(s) >= 2)
        return out

    @property
    def did_you_mean(self) -> str:
        """The query with its corrections, when there were any."""
        if not self.corrections:
            return ""
        out = self.query
        for surface, corrected in self.corrections.items():
            out = _replace_casefold(out, surface, corrected)
        return " ".join(out.split())


def _replace_casefold(haystack: str, needle: str, replacement: str) -> str:
    index = text.normalize(haystack).find(needle)
    if index < 0 or len(text.normalize(haystack)) != len(haystack):
        return text.normalize(haystack).replace(needle, replacement)
    return haystack[:index] + replacement + haystack[index + len(needle) :]


def _word_node(word: str, *, prefix: bool) -> Node:
    """A word matches as a word, or as its syllables in a row (ผ้าทอ in ผ้าทอมือ)."""
    options: list[Node] = [Term((word,), prefix=prefix and len(word) >= 2)]
    if text.is_thai(word):
        syllables = text.thai_syllables_of(word)
        if len(syllables) > 1:
            # The syllables in a row rank above the same syllables apart, and find nothing more.
            options.append(Term(syllables, prefix=prefix, rank_only=True))
            # ผ้าทอมือ also finds ผ้าพันคอ…ทอมือ: its syllables anywhere (ranked below).
            loose = [Term((syllable,)) for syllable in syllables]
            loose[-1] = Term((syllables[-1],), prefix=prefix)
            options.append(And(tuple(loose)))
    return options[0] if len(options) == 1 else Or(tuple(options))


def _thai_group(chunk: str, *, is_last: bool) -> Group | None:
    words = list(text.thai_words_of(chunk))
    meaningful = [w for w in words if w not in text.stopwords()] or words
    if not meaningful:
        return None
    parts = [_word_node(w, prefix=is_last and w == words[-1]) for w in meaningful]
    node: Node = parts[0] if len(parts) == 1 else And(tuple(parts))
    if is_last and len(words) > 1:
        # A word half typed segments badly (สังค|โ): the whole run as a prefix catches it.
        node = Or((node, Term((chunk,), prefix=True), Term(text.thai_syllables_of(chunk), prefix=True)))
    return Group(surface=chunk, node=node, words=(chunk, *meaningful), is_last=is_last, correctable=chunk)


def _latin_group(chunk: str, *, is_last: bool) -> Group:
    folded = text.fold_english(chunk)
    as_prefix = is_last and len(chunk) >= 2
    # The word as typed, as a prefix, also finds the word itself when folding left it unchanged.
    options: list[Node] = [Term((folded,), rank_only=as_prefix and folded == chunk)]
    if as_prefix:
        options.append(Term((chunk,), prefix=True))
    node: Node = options[0] if len(options) == 1 else Or(tuple(options))
    return Group(surface=chunk, node=node, words=(chunk, folded), is_last=is_last, correctable=chunk)


def _alias_group(chunks: list[str], thai: str, *, is_last: bool) -> Group:
    latin = [_latin_group(c, is_last=is_last and i == len(chunks) - 1).node for i, c in enumerate(chunks)]
    latin_node: Node = latin[0] if len(latin) == 1 else And(tuple(latin))
    thai_node = _word_node(thai, prefix=False)
    return Group(
        surface=" ".join(chunks),
        node=Or((latin_node, thai_node)),
        words=(*chunks, thai),
        is_last=is_last,
    )


def parse(query: str) -> Plan:
    """The plan of a query, before the index is consulted."""
    query = query[:MAX_QUERY_CHARS]
    plan = Plan(query=query)
    chunks = text.chunks(query)
    ends_in_space = not query or query[-1].isspace()
    table = aliases()
    i = 0
    groups: list[Group] = []
    while i < len(chunks):
        chunk = chunks[i]
        if not text.is_thai(chunk):
            matched = False
            for size in (3, 2, 1):
                span = chunks[i : i + size]
                if len(span) < size or any(text.is_thai(c) for c in span):
                    continue
                key = text.roman_key("".join(span))
                if size == 1 and key not in table:
                    key = text.roman_key(text.fold_english(span[0]))  # baskets: basket
                if len(key) >= 4 and key in table:
                    is_last = i + size == len(chunks) and not ends_in_space
                    groups.append(_alias_group(span, table[key], is_last=is_last))
                    plan.place_words.add(table[key])
                    i += size
                    matched = True
                    break
            if matched:
                continue
        is_last = i == len(chunks) - 1 and not ends_in_space
        if text.is_thai(chunk):
            group = _thai_group(chunk, is_last=is_last)
            if group is not None:
                groups.append(group)
                plan.place_words.update(group.words)
        elif chunk not in text.stopwords() or is_last:
            groups.append(_latin_group(chunk, is_last=is_last))
        i += 1
    if not groups and chunks:  # only stopwords: search for them after all
        groups = [_latin_group(c, is_last=False) for c in chunks if not text.is_thai(c)][:MAX_GROUPS]
    plan.groups = groups[:MAX_GROUPS]
    return plan


# --- Typo tolerance ------------------------------------------------------------------------------


def corrections_for(word: str, *, limit: int = 5) -> list[str]:
    """Words of the index within one edit of `word` (or equal but for tone marks)."""
    from chumchon.search.models import TermKey

    if len(word) < (2 if text.is_thai(word) else 4):
        return []
    keys = {k[:64] for k in text.deletion_keys(word)}
    candidates = set(TermKey.objects.filter(key__in=keys).values_list("term", flat=True)[:500])
    candidates.discard(word)
    close = [c for c in candidates if text.within_one_edit(word, c)]
    # Same length and same skeleton first (a wrong or missing tone mark), then the closest length.
    close.sort(key=lambda c: (text.skeleton(c) != text.skeleton(word), abs(len(c) - len(word)), c))
    return close[:limit]


def _corrected_group(group: Group, index: str) -> tuple[Group, str] | None:
    word = group.correctable
    if not word:
        return None
    for candidate in corrections_for(word):
        if text.is_thai(candidate):
            fixed = _thai_group(candidate, is_last=False)
        else:
            fixed = _latin_group(candidate, is_last=False)
        if fixed is not None and backend.has_hits(index, fixed.node):
            return fixed, candidate
    # A Thai run may hold a misspelt word among good ones: correct word by word.
    if text.is_thai(word):
        words = list(text.thai_words_of(word))
        if len(words) > 1:
            for size in range(len(words), 0, -1):
                for start in range(0, len(words) - size + 1):
                    piece = "".join(words[start : start + size])
                    for candidate in corrections_for(piece, limit=3):
                        fixed_text = "".join(words[:start]) + candidate + "".join(words[start + size :])
                        fixed = _thai_group(fixed_text, is_last=False)
                        if fixed is not None and backend.has_hits(index, fixed.node):
                            return fixed, fixed_text
    return None


def plan_for(query: str, *, index: str = "listing") -> Plan:
    """The plan to run against `index`: as typed when it finds something, else with misspelt
    words corrected and words nothing matches dropped."""
    plan = parse(query)
    plan.index = index
    if plan.is_empty:
        return plan
    # Counted rather than merely tested: the ranking needs the number anyway (see ranking.py).
    plan.matches = backend.count_matches(index, plan.node)
    if plan.matches:
        return plan
    plan.matches = None
    kept: list[Group] = []
    for group in plan.groups:
        if backend.has_hits(index, group.node):
            kept.append(group)
            continue
        corrected = _corrected_group(group, index)
        if corrected is not None:
            fixed, word = corrected
            plan.corrections[group.surface] = word
            kept.append(fixed)
            plan.place_words.update(fixed.words)
        else:
            plan.dropped.append(group.surface)
    # Words that match nothing even corrected are left out (and named on the page).
    plan.groups = kept
    plan.no_match = not kept
    return plan
