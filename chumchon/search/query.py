"""From what a buyer typed to a query plan: segmentation, prefix on the last word, transliteration
aliases, place detection, typo correction ("did you mean") and dropping words nothing matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from chumchon.search import backend, text, vocabulary
from chumchon.search.backend import And, Node, Or, Term, concepts

MAX_QUERY_CHARS = 200
MAX_GROUPS = 8


@cache
def aliases() -> dict[str, str]:
    """roman key → Thai name of every province and district (geothai): Sukhothai = Sukothai."""
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
    place: bool = False  # the name of a province, district or subdistrict: narrows (see Plan.node)
    chunk: int = 0  # which run of the query (words between spaces) it comes from


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
    # PostgreSQL: the ranked window of `node`, found with `matches` (backend.count_and_window).
    window: backend.Window | None = None
    # Some words suffice (see plan_for): the places named must match, and any of the other groups;
    # the documents matching more of them rank higher (`coordination`).
    relaxed: bool = False
    places_required: bool = True

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def strict_node(self) -> Node:
        """Every group must match."""
        return And(tuple(group.node for group in self.groups))

    @property
    def node(self) -> Node:
        if not self.relaxed:
            return self.strict_node
        required = [g.node for g in self.groups if g.place and self.places_required]
        optional = self.coordination
        parts = [*required, Or(tuple(optional)) if len(optional) > 1 else optional[0]] if optional else required
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    @property
    def coordination(self) -> list[Node]:
        """The parts that need not all match (relaxed): a document's rank grows with how many of
        them it matches. The groups of one Thai run written without spaces (ลายช้าง: ลาย + ช้าง)
        are one part: all of them must match."""
        if not self.relaxed:
            return []
        parts: dict[int, list[Node]] = {}
        for g in self.groups:
            if not (g.place and self.places_required):
                parts.setdefault(g.chunk, []).append(g.node)
        return [nodes[0] if len(nodes) == 1 else And(tuple(nodes)) for nodes in parts.values()]

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


def _phrase_node(tokens: tuple[str, ...]) -> Node:
    """A vocabulary word as the index holds it: a Thai word also as the phrase of its syllables
    (จักสาน inside เครื่องจักสาน), several tokens as a phrase."""
    forms = vocabulary.phrase_forms(tokens)
    return Or(tuple(Term(form) for form in forms)) if len(forms) > 1 else Term(forms[0])


KIND_TOKENS = {"product": "product", "experience": "experience", "route": "route"}


def _concept_group(span: list[tuple[str, str]], expansion: vocabulary.Expansion, *, is_last: bool) -> Group:
    """A word (or phrase) of the vocabulary: the word as typed, or any word it stands for."""
    surfaces = [surface for surface, _token in span]
    tokens = tuple(token for _surface, token in span)
    if all(not text.is_thai(t) for t in tokens):
        typed = [_latin_group(t, is_last=is_last and i == len(tokens) - 1).node for i, t in enumerate(tokens)]
        typed_node: Node = typed[0] if len(typed) == 1 else Term(tokens)
    elif len(tokens) == 1:
        typed_node = _word_node(tokens[0], prefix=is_last)
    else:
        typed_node = Term(tokens)
    words: list[str] = list(surfaces)
    latin = all(not text.is_thai(t) for t in tokens)
    others: list[Node] = []
    for phrase in expansion.phrases:
        if phrase != tokens:
            others.append(_phrase_node(phrase))
            if len(phrase) == 1 and latin:  # an English word marks the Thai words it found
                words.append(phrase[0])
    options: list[Node] = [typed_node]
    if others:
        # The words it stands for, one lexeme once indexed (backend.concepts: the lexeme holds the
        # typed word's own forms too, which `typed_node` finds anyway, so the matches are the same).
        concept = concepts.lexeme(vocabulary.concept_forms(expansion))
        options.append(Or(tuple(others), concept) if len(others) > 1 else Or((others[0],), concept))
    options += [Term((KIND_TOKENS[kind],)) for kind in expansion.kinds]
    return Group(
        surface=" ".join(surfaces),
        node=Or(tuple(options)),
        words=tuple(dict.fromkeys(words)),
        is_last=is_last,
        correctable="",
    )


def _tokens(query: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """(surface, token, chunk number) of every word of the query (Thai runs segmented), and the
    chunks."""
    chunks = text.chunks(query)
    out: list[tuple[str, str, int]] = []
    for n, chunk in enumerate(chunks):
        if text.is_thai(chunk):
            out += [(word, word, n) for word in text.thai_words_of(chunk)]
        else:
            out.append((chunk, text.fold_english(chunk), n))
    return out, chunks


def parse(query: str) -> Plan:
    """The plan of a query, before the index is consulted: its groups, in order. A run of words
    of the vocabulary (vocabulary.toml, the category names) is one group that also finds the
    words it stands for; a place name is a group of its own; the other Thai words of a run stay
    together (corrected together), each other Latin word is a group."""
    query = query[:MAX_QUERY_CHARS]
    plan = Plan(query=query)
    tokens, chunks = _tokens(query)
    ends_in_space = not query or query[-1].isspace()
    places = aliases()
    romans = vocabulary.roman_table()
    groups: list[Group] = []
    pending: list[tuple[str, str, int]] = []  # Thai words of one chunk not yet in a group

    def flush() -> None:
        if pending:
            run = "".join(word for word, _t, _n in pending)
            is_last = pending[-1][2] == len(chunks) - 1 and pending[-1] is tokens[-1] and not ends_in_space
            group = _thai_group(run, is_last=is_last)
            if group is not None:
                group.chunk = pending[-1][2]
                groups.append(group)
                plan.place_words.update(group.words)
            pending.clear()

    i = 0
    while i < len(tokens):
        surface, token, n = tokens[i]
        matched = False
        for size in range(min(vocabulary.MAX_TERM_TOKENS, len(tokens) - i), 0, -1):
            span = tokens[i : i + size]
            key = tuple(t for _s, t, _n in span)
            if size > 1 and key[0] in text.stopwords():
                continue
            expansion = vocabulary.lookup(key)
            if expansion is None:
                continue
            flush()
            is_last = i + size == len(tokens) and not ends_in_space
            groups.append(_concept_group([(s, t) for s, t, _n in span], expansion, is_last=is_last))
            groups[-1].chunk = n
            i += size
            matched = True
            break
        if matched:
            continue
        if not text.is_thai(token):
            for size in (3, 2, 1):
                span = tokens[i : i + size]
                if len(span) < size or any(text.is_thai(t) for _s, t, _n in span):
                    continue
                roman = text.roman_key("".join(s for s, _t, _n in span))
                if size == 1 and roman not in places and roman not in romans:
                    roman = text.roman_key(token)  # baskets: basket
                if len(roman) < 4 or (roman not in places and roman not in romans):
                    continue
                is_last = i + size == len(tokens) and not ends_in_space
                chunk_span = [s for s, _t, _n in span]
                if roman in places:
                    group = _alias_group(chunk_span, places[roman], is_last=is_last)
                    group.place = True
                    plan.place_words.add(places[roman])
                else:
                    thai = romans[roman]
                    expansion = vocabulary.lookup(thai) or vocabulary.Expansion(phrases=(thai,))
                    group = _concept_group([(s, t) for s, t, _n in span], expansion, is_last=is_last)
                    group.words = (*group.words, *thai)
                group.chunk = n
                groups.append(group)
                i += size
                matched = True
                break
            if matched:
                continue
            is_last = i == len(tokens) - 1 and not ends_in_space
            if token not in text.stopwords() or is_last:
                groups.append(_latin_group(surface, is_last=is_last))
                groups[-1].chunk = n
            i += 1
            continue
        # A Thai word: a place name is a group of its own; other words gather into a run.
        if token in text.place_words() and len(token) >= 2:
            flush()
            is_last = i == len(tokens) - 1 and not ends_in_space
            groups.append(
                Group(
                    surface=token, node=_word_node(token, prefix=is_last), words=(token,), is_last=is_last, place=True
                )
            )
            plan.place_words.add(token)
            i += 1
            continue
        if pending and pending[-1][2] != n:
            flush()
        pending.append(tokens[i])
        i += 1
    flush()
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
    """The plan to run against `index`.

    1. Every group as typed must match (`strict_node`). When that finds nothing, misspelt words
       are corrected ("did you mean") and words nothing matches are dropped.
    2. A query of several groups then needs only some of them (`relaxed`): the places it names
       must match (when anything matches there), and at least one other group; the documents that
       match more of the groups rank higher (ranking.py). Relaxing is skipped when the groups
       together match more than backend.RANK_WINDOW documents (a broad word at scale): the rank
       window would hold the newest of them rather than the best, so every group stays required.
    """
    plan = parse(query)
    plan.index = index
    if plan.is_empty:
        return plan
    # Counted rather than merely tested: the ranking needs the number anyway (see ranking.py). On
    # PostgreSQL the walk that counts the query ranks its window too; a query then relaxed (several
    # groups, fewer than RANK_WINDOW matches) ranks again, which costs less than the second walk
    # every query of several words with more matches saves (ลายโบราณ ทำมือ 156 → 100 ms).
    plan.matches, plan.window = backend.count_and_window(index, plan.strict_node)
    if not plan.matches:
        plan.matches, plan.window = None, None
        _merge_runs_that_miss(plan, index)
        kept: list[Group] = []
        for group in plan.groups:
            if backend.has_hits(index, group.node):
                kept.append(group)
                continue
            corrected = _corrected_group(group, index)
            if corrected is not None:
                fixed, word = corrected
                plan.corrections[group.surface] = word
                fixed.place = group.place
                kept.append(fixed)
                plan.place_words.update(fixed.words)
            else:
                plan.dropped.append(group.surface)
        # Words that match nothing even corrected are left out (and named on the page), as long as
        # most of the query is still there. When half of its words or more are foreign to the
        # site (in no listing and not one of the vocabulary file's craft, material, food or trip
        # words), the query asks for something nobody here offers ("wine tasting": no wine
        # anywhere): what is left of it would only find listings about something else (a coffee
        # "tasting"), so it finds nothing and the page offers alternatives. A craft word nothing
        # matches yet ("bamboo basket" where no listing says bamboo) is still left out, and the
        # baskets shown. (Category import aliases such as "wine" do not count as craft words.)
        plan.groups = kept
        foreign = [word for word in plan.dropped if not vocabulary.is_craft_word(vocabulary.tokens_of(word))]
        plan.no_match = not kept or 2 * len(foreign) >= len(plan.dropped) + len(kept)
        if plan.no_match:
            return plan
        if plan.corrections or plan.dropped:
            plan.matches, plan.window = backend.count_and_window(index, plan.strict_node)
        else:
            plan.matches = 0
    _relax(plan, index)
    return plan


def _merge_runs_that_miss(plan: Plan, index: str) -> None:
    """A Thai run cut into several groups (ผ้าท่อ: the word ผ้า and the rest) where one of them
    finds nothing is put back together as typed, so that it is corrected as a whole (ผ้าทอ)."""
    by_chunk: dict[int, list[Group]] = {}
    for group in plan.groups:
        if not group.place and all(text.is_thai(c) for c in text.chunks(group.surface)):
            by_chunk.setdefault(group.chunk, []).append(group)
    for chunk, parts in by_chunk.items():
        if len(parts) < 2 or all(backend.has_hits(index, g.node) for g in parts):
            continue
        merged = _thai_group("".join(g.surface.replace(" ", "") for g in parts), is_last=parts[-1].is_last)
        if merged is None:
            continue
        merged.chunk = chunk
        position = plan.groups.index(parts[0])
        plan.groups = [g for g in plan.groups if g not in parts]
        plan.groups.insert(position, merged)


def _relax(plan: Plan, index: str) -> None:
    """Let some groups suffice when the query has several (see plan_for)."""
    if len(plan.groups) < 2 or (plan.matches or 0) >= backend.RANK_WINDOW:
        return
    plan.relaxed = True
    plan.places_required = any(g.place for g in plan.groups) and any(not g.place for g in plan.groups)
    if len(plan.coordination) < 2 and not plan.places_required:
        plan.relaxed = False
        return
    # Counted, and on PostgreSQL ranked in the same walk (backend.count_and_window): the ranking
    # would otherwise read the same matches again.
    relaxed, window = backend.count_and_window(index, plan.node)
    if plan.places_required and not relaxed:
        # Nothing of the rest in the places named: the places only rank (selectors' place boost).
        plan.places_required = False
        relaxed, window = backend.count_and_window(index, plan.node)
    if relaxed > backend.RANK_WINDOW or not relaxed:
        plan.relaxed = False
        return
    plan.matches, plan.window = relaxed, window
