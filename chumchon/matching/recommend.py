"""Recommended partners: the other side's participants ranked for one participant, with reasons.

A pair scores on what the buyer seeks against what the seller offers (and, with less weight, the
other way round):

* text: TF-IDF cosine over the search app's tokens (newmm words and Thai syllables, so ผ้าทอ meets
  ผ้าทอมือ) of the seeks text against the offers text, the offered listings' titles, tags, materials
  and categories. English craft words also count as their Thai word from the search app's
  vocabulary (woven → ทอผ้า, celadon → ศิลาดล), so an English seek meets a Thai offer and back; a
  word or phrase that is a category's name or alias (handwoven, ผ้าไหม, jewellery) counts as that
  category; generic words (`recommend_generic_words.txt`: ทัวร์, ชุมชน, product…) weigh little and
  are never given as a reason;
* categories sought against the offered listings' categories and their parents;
* themes, places (same district, same province, a province or area sought) and shared languages.

Every registration of the event is read in a fixed number of queries and tokenised once per
request (`profiles_of`), so ranking for one viewer is a loop over vectors, never a query per pair.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from chumchon.catalog.categories import label_key
from chumchon.catalog.models import Category, Listing, Theme
from chumchon.matching.models import Event, PreferenceLevel, Registration, Role
from chumchon.places.models import Area
from chumchon.search import text as search_text
from chumchon.search import vocabulary as search_vocabulary

# Weights of the parts of a score (buyer-seeks → seller-offers is the direction that matters most).
TEXT_WEIGHT = 3.0
REVERSE_TEXT_WEIGHT = 1.5
CATEGORY_WEIGHT = 2.0
PARENT_CATEGORY_WEIGHT = 1.0
REVERSE_CATEGORY_WEIGHT = 1.0
THEME_WEIGHT = 0.5
SAME_DISTRICT_WEIGHT = 0.8
SAME_PROVINCE_WEIGHT = 0.4
SOUGHT_PLACE_WEIGHT = 1.0
LANGUAGE_WEIGHT = 0.3
SYLLABLE_WEIGHT = 0.5
CATEGORY_TERM_WEIGHT = 2.0  # a category named or chosen on both sides (a top category: half)
GENERIC_WEIGHT = 0.1  # a generic word (ทัวร์, product) counts a tenth of a telling one
CATEGORY_TERM = "#"  # prefix of the token a category name or alias in a text stands for
# English words the search vocabulary does not carry yet, as their Thai word (the key folded
# like the search app's English words: lower case, singular).
EXTRA_VOCABULARY = {
    "handwoven": "ผ้าทอมือ", "loom": "กี่", "dye": "ย้อม", "tableware": "จานชาม", "plate": "จาน", "bowl": "ชาม",
    "vase": "แจกัน", "figurine": "ตุ๊กตา", "doll": "ตุ๊กตา", "bag": "กระเป๋า", "mat": "เสื่อ", "souvenir": "ของที่ระลึก",
    "gold": "ทอง", "silver": "เครื่องเงิน", "bangle": "กำไล", "necklace": "สร้อย", "teak": "ไม้สัก", "wood": "ไม้",
    "lamp": "โคมไฟ", "furniture": "เฟอร์นิเจอร์", "tea": "ชา", "oolong": "อู่หลง", "coffee": "กาแฟ", "rice": "ข้าว",
    "jasmine rice": "ข้าวหอมมะลิ", "hom mali": "หอมมะลิ", "organic": "อินทรีย์", "banana": "กล้วย",
    "balm": "ยาหม่อง", "soap": "สบู่", "spa": "สปา", "bicycle": "จักรยาน", "cycling": "ปั่นจักรยาน",
    "boat": "เรือ", "temple": "วัด", "mural": "จิตรกรรมฝาผนัง", "trekking": "เดินป่า", "farm": "ฟาร์ม",
    "dance": "ฟ้อน", "folk music": "ดนตรีพื้นบ้าน", "workshop": "เวิร์กช็อป", "class": "เรียน",
}  # fmt: skip
GENERIC_WORDS_FILE = Path(__file__).with_name("recommend_generic_words.txt")
TOP = 5


# The columns of a registration a profile reads (plain rows: no model instances for 1,000 rows).
PROFILE_FIELDS = (
    "pk", "role", "participant_type", "languages", "offers_text", "seeks_text", "organisation__name",
    "community__name_th", "community__name_en", "community__area_id", "community__district_id",
    "community__province_id", "community__province__name_th", "community__province__name_en",
)  # fmt: skip


@dataclass
class Profile:
    """What one registration seeks and offers, tokenised."""

    pk: int
    role: str
    name: str
    participant_type: str = ""
    district_id: int | None = None
    province_id: int | None = None
    area_id: int | None = None
    province_name: str = ""
    seeks_terms: Counter[str] = field(default_factory=Counter)
    offers_terms: Counter[str] = field(default_factory=Counter)
    seeks_vector: dict[str, float] = field(default_factory=dict)
    offers_vector: dict[str, float] = field(default_factory=dict)
    # Offered categories with their parents, each with the listing title that offers it.
    offered_categories: dict[int, str] = field(default_factory=dict)
    offered_themes: set[int] = field(default_factory=set)
    seeks_categories: set[int] = field(default_factory=set)
    seeks_themes: set[int] = field(default_factory=set)
    seeks_provinces: set[int] = field(default_factory=set)
    seeks_areas: set[int] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    search_source: str = ""
    _search: tuple[str, set[str], set[str]] | None = None

    def searchable(self) -> tuple[str, set[str], set[str]]:
        """(normalised text, words, syllables) of everything shown about the participant (only
        worked out for a text search)."""
        if self._search is None:
            text = search_text.normalize(self.search_source)
            words, syllables = _analysed(text)
            self._search = (text, set(words), set(syllables))
        return self._search


@dataclass
class Scored:
    pk: int
    score: float
    reasons: list[str]


@dataclass
class Recommendation:
    registration: Registration
    score: float
    reasons: list[str]

    @property
    def reason_text(self) -> str:
        return " — ".join(self.reasons)


@cache
def generic_words() -> frozenset[str]:
    """Words that are no reason to meet (the data file), with the Thai ones' syllables ("~ชุม")."""
    words: set[str] = set()
    for line in GENERIC_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        word = search_text.normalize(line.split("#", 1)[0].strip())
        if word:
            words.add(word)
            if search_text.is_thai(word):
                words.update("~" + s for s in search_text.syllables(word))
    return frozenset(words)


@cache
def _is_thai(word: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in word)


def _search_pairs() -> dict[str, str]:
    """Each English term of the search app's reviewed vocabulary (`chumchon/search/vocabulary.toml`)
    → the first Thai term of the same concept (synonyms only: a narrower word keeps its meaning)."""
    pairs: dict[str, str] = {}
    for concept in search_vocabulary.concepts():
        thai = next((term for term in concept.terms if _is_thai(term)), None)
        if thai is None:
            continue
        for term in concept.terms:
            if not _is_thai(term):
                pairs.setdefault(term, thai)
    return pairs


def vocabulary() -> dict[str, str]:
    """English word or two-word phrase (folded as the search app folds English) → its Thai word:
    the search app's vocabulary and a few more words of trade."""
    table: dict[str, str] = {}
    for spelling, thai in {**_search_pairs(), **EXTRA_VOCABULARY}.items():
        key = " ".join(search_text.fold_english(w) for w in search_text.normalize(spelling).split())
        table[key] = search_text.normalize(thai)
    return table


def terms(text: str) -> Counter[str]:
    """Tokens for similarity: the search app's words (stop words left out), the Thai word of each
    English word the vocabulary knows, and, at a lower weight, the syllables of Thai text
    (prefixed "~")."""
    return Counter(dict(_terms(text)))


@lru_cache(maxsize=16384)
def _terms(text: str) -> tuple[tuple[str, int], ...]:
    """Cached per text, so a worker tokenises a registration's words once, not on every page."""
    words, text_syllables = _analysed(text)
    stop = search_text.stopwords()
    counts: Counter[str] = Counter(w for w in words if w not in stop and len(w) > 1)
    table = vocabulary()
    syllables = list(text_syllables)
    for i, word in enumerate(words):
        thai = table.get(f"{word} {words[i + 1]}") if i + 1 < len(words) else None
        thai = thai or table.get(word)
        if thai:
            thai_words, thai_syllables = _analysed(thai)
            counts.update(w for w in thai_words if w not in stop and len(w) > 1)
            syllables += thai_syllables
    for syllable in syllables:
        if syllable not in stop:
            counts["~" + syllable] += 1
    return tuple(counts.items())


def category_table(categories: dict[int, Category]) -> dict[str, int]:
    """label key of every category's names and aliases → its id (generic words left out)."""
    generic = {label_key(w) for w in generic_words()}
    table: dict[str, int] = {}
    for category in categories.values():
        for label in [category.name_th, category.name_en, *(getattr(category, "aliases", None) or [])]:
            key = label_key(label)
            if key and key not in generic:
                table.setdefault(key, category.pk)
    return table


def category_terms(text: str, table: dict[str, int]) -> set[int]:
    """Categories a text names: runs of one to three consecutive words that are a category's
    name or alias (hand-woven, ผ้าไหม, wood carving)."""
    words, _syllables = _analysed(text)
    found: set[int] = set()
    for i in range(len(words)):
        for n in (3, 2, 1):
            category = table.get(label_key("".join(words[i : i + n])))
            if category is not None:
                found.add(category)
                break
    return found


def _vector(counts: Counter[str], idf: dict[str, float], weights: dict[str, float] | None = None) -> dict[str, float]:
    generic = generic_words()
    weights = weights or {}
    vector = {
        term: (1 + math.log(n))
        * idf.get(term, 1.0)
        * (SYLLABLE_WEIGHT if term.startswith("~") else 1.0)
        * (GENERIC_WEIGHT if term in generic else weights.get(term, 1.0))
        for term, n in counts.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(term, 0.0) for term, v in a.items())


def _names(obj: Category | Theme) -> str:
    return " ".join(filter(None, [obj.name_th, obj.name_en]))


def _pairs(through: Any, owner: str, target: str, owners: Any) -> dict[int, list[int]]:
    """{owner id: [target ids]} of a many-to-many table, in one query."""
    out: dict[int, list[int]] = {}
    for owner_id, target_id in through.objects.filter(**{f"{owner}__in": owners}).values_list(owner, target):
        out.setdefault(owner_id, []).append(target_id)
    return out


def profiles_of(event: Event) -> dict[int, Profile]:
    """Profiles of every approved registration of the event, in a fixed number of queries (plain
    rows from the many-to-many tables: prefetching model instances costs more than the ranking)."""
    categories = {c.pk: c for c in Category.objects.all()}
    themes = {t.pk: t for t in Theme.objects.all()}
    approved = event.registrations.approved()
    rows = list(approved.values(*PROFILE_FIELDS))
    ids = approved.values("pk")
    offers = _pairs(Registration.offers.through, "registration_id", "listing_id", ids)
    listing_ids = Registration.offers.through.objects.filter(registration_id__in=ids).values("listing_id")
    listings = {
        row["pk"]: row
        for row in Listing.objects.filter(pk__in=listing_ids).values(
            "pk", "title_th", "title_en", "materials", "category_id"
        )
    }
    tag_names: dict[int, list[str]] = {}
    for listing_id, name in Listing.tags.through.objects.filter(listing_id__in=listing_ids).values_list(
        "listing_id", "tag__name"
    ):
        tag_names.setdefault(listing_id, []).append(name)
    listing_themes = _pairs(Listing.themes.through, "listing_id", "theme_id", listing_ids)
    seeks_categories = _pairs(Registration.seeks_categories.through, "registration_id", "category_id", ids)
    seeks_themes = _pairs(Registration.seeks_themes.through, "registration_id", "theme_id", ids)
    seeks_areas = _pairs(Registration.seeks_areas.through, "registration_id", "area_id", ids)
    seeks_provinces = _pairs(Registration.seeks_provinces.through, "registration_id", "province_id", ids)
    area_provinces = _pairs(
        Area.provinces.through,
        "area_id",
        "province_id",
        Registration.seeks_areas.through.objects.filter(registration_id__in=ids).values("area_id"),
    )
    english = translation.get_language() == "en"
    named = category_table(categories)
    profiles: dict[int, Profile] = {}
    for row in rows:
        pk = row["pk"]
        profile = Profile(
            pk=pk,
            role=row["role"],
            name=row["organisation__name"],
            participant_type=row["participant_type"],
            district_id=row["community__district_id"],
            province_id=row["community__province_id"],
            area_id=row["community__area_id"],
            province_name=(english and row["community__province__name_en"])
            or row["community__province__name_th"]
            or "",
        )
        offers_parts = [row["offers_text"]]
        for listing_id in offers.get(pk, []):
            listing = listings[listing_id]
            title = (english and listing["title_en"]) or listing["title_th"]
            offers_parts += [listing["title_th"], listing["title_en"], listing["materials"]]
            offers_parts += tag_names.get(listing_id, [])
            profile.offered_themes.update(listing_themes.get(listing_id, []))
            category = categories.get(listing["category_id"])
            while category is not None:
                offers_parts.append(_names(category))
                profile.offered_categories.setdefault(category.pk, title)
                category = categories.get(category.parent_id) if category.parent_id else None
        seeks_parts = [row["seeks_text"]]
        profile.seeks_categories = set(seeks_categories.get(pk, []))
        seeks_parts += [_names(categories[c]) for c in profile.seeks_categories]
        profile.seeks_themes = set(seeks_themes.get(pk, []))
        seeks_parts += [_names(themes[t]) for t in profile.seeks_themes]
        profile.seeks_provinces = set(seeks_provinces.get(pk, []))
        profile.seeks_areas = set(seeks_areas.get(pk, []))
        for area in profile.seeks_areas:
            profile.seeks_provinces.update(area_provinces.get(area, []))
        profile.languages = {code.strip() for code in row["languages"].split(",") if code.strip()}
        seeks_source = "\n\n".join(p for p in seeks_parts if p)
        offers_source = "\n\n".join(p for p in offers_parts if p)
        profile.seeks_terms = terms(seeks_source)
        profile.offers_terms = terms(offers_source)
        # The categories sought (chosen or named in the text) and offered, as one token each
        sought = category_terms(seeks_source, named) | profile.seeks_categories
        profile.seeks_terms.update(f"{CATEGORY_TERM}{c}" for c in sought)
        # (the listings' categories when there are listings: a seller's text mentions more).
        offered = set(profile.offered_categories) or category_terms(row["offers_text"], named)
        profile.offers_terms.update(f"{CATEGORY_TERM}{c}" for c in offered)
        everything = [row["organisation__name"], *offers_parts, *seeks_parts]
        everything += [row["community__name_th"], row["community__name_en"]]
        profile.search_source = " ".join(p for p in everything if p)
        profiles[pk] = profile
    # Inverse document frequency over every seeks and offers text of the event.
    documents = [p.seeks_terms for p in profiles.values()] + [p.offers_terms for p in profiles.values()]
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(document.keys())
    total = len(documents)
    idf = {term: math.log((total + 1) / (n + 1)) + 1 for term, n in frequency.items()}
    weights = {
        f"{CATEGORY_TERM}{c.pk}": CATEGORY_TERM_WEIGHT if c.parent_id else CATEGORY_TERM_WEIGHT / 2
        for c in categories.values()
    }
    for profile in profiles.values():
        profile.seeks_vector = _vector(profile.seeks_terms, idf, weights)
        profile.offers_vector = _vector(profile.offers_terms, idf, weights)
    return profiles


def _shared_words(seeks: Profile, offers: Profile, limit: int = 3) -> list[str]:
    """The words (not syllables) both texts use, the most telling first."""
    generic = generic_words()
    shared = [
        (seeks.seeks_vector[t] * offers.offers_vector[t], t)
        for t in seeks.seeks_vector
        if not t.startswith(("~", CATEGORY_TERM)) and t not in generic and t in offers.offers_vector
    ]
    return [t for _w, t in sorted(shared, reverse=True)[:limit]]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def score_pair(viewer: Profile, partner: Profile, categories: dict[int, Category]) -> Scored:
    """How well the partner suits the viewer, with the reasons in the active language."""
    buyer, seller = (viewer, partner) if viewer.role == Role.BUYER else (partner, viewer)
    reasons: list[str] = []
    score = 0.0
    # What the buyer seeks against what the seller offers, and the other way round.
    forward = cosine(buyer.seeks_vector, seller.offers_vector)
    reverse = cosine(seller.seeks_vector, buyer.offers_vector)
    score += TEXT_WEIGHT * forward + REVERSE_TEXT_WEIGHT * reverse
    matched = [c for c in buyer.seeks_categories if c in seller.offered_categories]
    if matched:
        # A sought sub-category offered counts fully; a sought top category (crafts) less.
        children = sorted(c for c in matched if categories[c].parent_id is not None)
        score += CATEGORY_WEIGHT if children else PARENT_CATEGORY_WEIGHT
        category = categories[(children or sorted(matched))[0]]
        reasons.append(
            _("seeks %(sought)s — offers %(offered)s")
            % {"sought": category.name, "offered": seller.offered_categories[category.pk]}
        )
    if any(c in buyer.offered_categories for c in seller.seeks_categories):
        score += REVERSE_CATEGORY_WEIGHT
    words = _shared_words(buyer, seller) or _shared_words(seller, buyer)
    if words and forward + reverse > 0.05:
        reasons.append(_("both mention %(words)s") % {"words": ", ".join(words)})
    themes = (buyer.seeks_themes & seller.offered_themes) | (seller.seeks_themes & buyer.offered_themes)
    if themes:
        score += THEME_WEIGHT * min(len(themes), 2)
        reasons.append(_("shared theme"))
    if seller.district_id is not None:
        if buyer.district_id == seller.district_id:
            score += SAME_DISTRICT_WEIGHT
            reasons.append(_("same district"))
        elif buyer.province_id == seller.province_id:
            score += SAME_PROVINCE_WEIGHT
            reasons.append(_("same province"))
        if seller.province_id in buyer.seeks_provinces or (
            seller.area_id is not None and seller.area_id in buyer.seeks_areas
        ):
            score += SOUGHT_PLACE_WEIGHT
            reasons.append(_("in %(place)s, where the buyer looks") % {"place": seller.province_name})
    shared_languages = sorted((viewer.languages & partner.languages) - {"th"})
    if shared_languages:
        score += LANGUAGE_WEIGHT
        reasons.append(
            _("speaks %(languages)s") % {"languages": ", ".join(_language_name(c) for c in shared_languages)}
        )
    return Scored(pk=partner.pk, score=round(score, 4), reasons=reasons)


def excluded_ids(viewer: Registration) -> set[int]:
    """Partners not to recommend: already requested (pending or accepted) and "no thanks"."""
    from chumchon.matching.selectors import requested_partner_ids

    no_thanks = viewer.preferences.filter(level=PreferenceLevel.NO).values_list("target_id", flat=True)
    return requested_partner_ids(viewer) | set(no_thanks)


def recommend(
    viewer: Registration, *, profiles: dict[int, Profile] | None = None, limit: int = TOP, exclude: bool = True
) -> list[Recommendation]:
    """The other side's approved participants best suited to the viewer, best first (only those with
    some reason to meet)."""
    profiles = profiles if profiles is not None else profiles_of(viewer.event)
    me = profiles.get(viewer.pk)
    if me is None:
        return []
    categories = {c.pk: c for c in Category.objects.all()}
    skip = excluded_ids(viewer) if exclude else set()
    ranked = [
        score_pair(me, other, categories)
        for other in profiles.values()
        if other.role != viewer.role
        and other.pk not in skip
        and viewer.event.may_meet(viewer.participant_type, other.participant_type)
    ]
    ranked = [r for r in ranked if r.score > 0]
    ranked.sort(key=lambda r: (-r.score, profiles[r.pk].name, r.pk))
    top = ranked[:limit]
    # Only the few shown become model instances (one query), with what their cards show.
    shown = viewer.event.registrations.select_related("organisation", "community__district").in_bulk(
        [r.pk for r in top]
    )
    return [Recommendation(registration=shown[r.pk], score=r.score, reasons=r.reasons) for r in top]


def search_matches(profiles: dict[int, Profile], query: str) -> set[int]:
    """Registrations whose words match every word of the query: the search app's tokens, so a
    Thai word matches a longer compound (ผ้าทอ finds ผ้าทอมือ) through its syllables."""
    query_words, _syllables = search_text.analyse(query)
    query_words = [w for w in query_words if w not in search_text.stopwords()] or query_words
    if not query_words:
        return set(profiles)
    found: set[int] = set()
    for pk, profile in profiles.items():
        if all(_word_found(word, profile) for word in query_words):
            found.add(pk)
    return found


@lru_cache(maxsize=16384)
def _analysed(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words, syllables = search_text.analyse(text)
    return tuple(words), tuple(syllables)


def _word_found(word: str, profile: Profile) -> bool:
    text, words, syllables = profile.searchable()
    if word in words or word in text:
        return True
    if search_text.is_thai(word):
        parts = search_text.syllables(word)
        return bool(parts) and all(s in syllables for s in parts)
    return any(w.startswith(word) for w in words)
