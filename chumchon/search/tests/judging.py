"""Judged sets for search relevance: loading one into the database and measuring a search on it.

A judged set is a JSON file with `listings` and `queries` (each query graded 0-3 per listing:
3 exactly what was asked, 2 relevant, 1 marginal, unlisted 0) and, optionally, its own
`communities` (name, province, district and subdistrict by their Thai names). Without
`communities` its listings belong to the demo communities (`judged.json`), which the caller loads.
A query with no judgments expects no result at all (a zero-result query): it is counted apart,
as answered right when the search finds nothing, and left out of the nDCG and recall means.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SETS = {
    "judged": HERE / "judged.json",  # the first set, over the demo communities
    "dev": HERE / "judged_dev.json",  # written for issue 21; tuning allowed
    "holdout": HERE / "judged_holdout.json",  # written for issue 21; never tuned on
}


def read_set(name_or_path: str) -> dict[str, Any]:
    path = SETS.get(name_or_path) or Path(name_or_path)
    return json.loads(path.read_text(encoding="utf-8"))


def install(data: dict[str, Any]) -> dict[str, int]:
    """Create the set's communities (if it has its own) and listings, published through the
    services (so the index follows): {external id: listing id} of every listing with one."""
    from chumchon.catalog import services
    from chumchon.catalog.models import Category, Listing
    from chumchon.places import services as place_services
    from chumchon.places.models import Community, District, Subdistrict

    for spec in data.get("communities", []):
        district = District.objects.get(province__name_th=spec["province"], name_th=spec["district"])
        place_services.community_create(
            by=None,
            external_id=spec["external_id"],
            name_th=spec["name_th"],
            name_en=spec["name_en"],
            district=district,
            subdistrict=Subdistrict.objects.get(district=district, name_th=spec["subdistrict"]),
            is_published=True,
        )
    communities = {c.external_id: c for c in Community.objects.exclude(external_id=None)}
    categories = {c.slug: c for c in Category.objects.all()}
    for spec in data["listings"]:
        listing = services.listing_create(
            community=communities[spec["community"]],
            kind=spec["kind"],
            by=None,
            tags=spec["tags"],
            external_id=spec["external_id"],
            title_th=spec["title_th"],
            title_en=spec["title_en"],
            description_th=spec["description_th"],
            description_en=spec["description_en"],
            category=categories[spec["category"]],
        )
        services.listing_publish_directly(listing=listing, by=None)
    return {
        external: pk
        for external, pk in Listing.objects.exclude(external_id=None).values_list("external_id", "id")
        if external
    }


def ndcg_at(ranked: list[str], judgments: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judgments.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], judgments: dict[str, int], k: int = 10) -> float:
    """The share of the relevant listings (grade > 0) in the first k, out of at most k: a query
    with 14 relevant listings scores 1.0 when its first 10 are all relevant."""
    relevant = {doc for doc, grade in judgments.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / min(len(relevant), k) if relevant else 0.0


@dataclass
class Figures:
    ndcg: float
    recall: float
    zero_right: int  # zero-result queries that found nothing
    zero_total: int
    rows: list[tuple[str, str, float, float]] = field(default_factory=list)  # q, type, ndcg, recall
    by_type: dict[str, tuple[float, float, int]] = field(default_factory=dict)

    def line(self, label: str) -> str:
        zero = f", zero-result queries empty {self.zero_right}/{self.zero_total}" if self.zero_total else ""
        return f"{label}: nDCG@10 {self.ndcg:.3f}, recall@10 {self.recall:.3f}{zero}"


def evaluate(
    queries: Iterable[dict[str, Any]], search: Callable[[str], list[int]], ids_to_external: dict[int, str]
) -> Figures:
    """`search(q)` returns listing ids, best first."""
    ndcgs: list[float] = []
    recalls: list[float] = []
    rows: list[tuple[str, str, float, float]] = []
    zero_right = zero_total = 0
    for item in queries:
        ranked = [ids_to_external.get(pk, "") for pk in search(item["q"])[:10]]
        if not item["judgments"]:
            zero_total += 1
            zero_right += not ranked
            rows.append((item["q"], item["type"], float(not ranked), float(not ranked)))
            continue
        ndcgs.append(ndcg_at(ranked, item["judgments"]))
        recalls.append(recall_at(ranked, item["judgments"]))
        rows.append((item["q"], item["type"], ndcgs[-1], recalls[-1]))
    by_type: dict[str, list[tuple[float, float]]] = {}
    for _q, kind, ndcg, recall in rows:
        by_type.setdefault(kind, []).append((ndcg, recall))
    return Figures(
        ndcg=sum(ndcgs) / len(ndcgs),
        recall=sum(recalls) / len(recalls),
        zero_right=zero_right,
        zero_total=zero_total,
        rows=rows,
        by_type={
            kind: (sum(n for n, _ in v) / len(v), sum(r for _, r in v) / len(v), len(v)) for kind, v in by_type.items()
        },
    )
