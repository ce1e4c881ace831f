"""Relevance on the judged set (judged.json): nDCG@10 and recall@10 of the search, against a naive
`icontains` search over the same listings. Fails when nDCG@10 falls below the threshold set from
measurements (see docs/search.md). `pytest -s` prints the figures."""

from __future__ import annotations

import math
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Q

from chumchon.catalog.selectors import published_listings
from chumchon.search.selectors import search_listings
from chumchon.search.tests.conftest import JUDGED

NDCG_THRESHOLD = 0.90
RECALL_THRESHOLD = 0.85


def ndcg_at(ranked: list[str], judgments: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judgments.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], judgments: dict[str, int], k: int = 10) -> float:
    relevant = {doc for doc, grade in judgments.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def naive_search(query: str):
    """What a site without search work does: every word somewhere in the titles, descriptions,
    tags or community name (icontains), newest first."""
    words = query.split()
    if not words:
        return published_listings().none()
    fields = [
        "title_th",
        "title_en",
        "description_th",
        "description_en",
        "tags__name",
        "community__name_th",
        "community__name_en",
    ]
    condition = reduce(and_, (reduce(or_, (Q(**{f"{f}__icontains": w}) for f in fields)) for w in words))
    return published_listings().filter(condition).distinct().order_by("-published_at", "-id")


def evaluate(search, ids_to_external: dict[int, str]) -> dict[str, Any]:
    ndcgs, recalls, rows = [], [], []
    for item in JUDGED["queries"]:
        ranked = [ids_to_external.get(pk, "") for pk in search(item["q"]).values_list("pk", flat=True)[:10]]
        ndcgs.append(ndcg_at(ranked, item["judgments"]))
        recalls.append(recall_at(ranked, item["judgments"]))
        rows.append((item["q"], item["type"], ndcgs[-1], recalls[-1]))
    return {"ndcg": sum(ndcgs) / len(ndcgs), "recall": sum(recalls) / len(recalls), "rows": rows}


def test_judged_set_is_large_enough():
    assert len(JUDGED["queries"]) >= 30
    assert any(q["type"].startswith("thai") for q in JUDGED["queries"])
    assert any(q["type"].startswith("english") for q in JUDGED["queries"])
    for item in JUDGED["queries"]:
        assert all(0 <= grade <= 3 for grade in item["judgments"].values())


def test_relevance_beats_threshold_and_naive_search(judged_catalog):
    ids_to_external = {pk: external for external, pk in judged_catalog.items()}
    unknown = {doc for q in JUDGED["queries"] for doc in q["judgments"]} - set(judged_catalog)
    assert not unknown, f"judgments name listings that do not exist: {unknown}"

    ours = evaluate(lambda q: search_listings(query=q, listings=published_listings()), ids_to_external)
    naive = evaluate(naive_search, ids_to_external)
    print(f"\nsearch: nDCG@10 {ours['ndcg']:.3f}, recall@10 {ours['recall']:.3f}")
    print(f"naive icontains: nDCG@10 {naive['ndcg']:.3f}, recall@10 {naive['recall']:.3f}")
    for (q, kind, ndcg, recall), (_, _, naive_ndcg, naive_recall) in zip(ours["rows"], naive["rows"], strict=True):
        print(f"  {ndcg:.2f} {recall:.2f} | naive {naive_ndcg:.2f} {naive_recall:.2f} | {kind:28} {q}")
    assert ours["ndcg"] >= NDCG_THRESHOLD
    assert ours["recall"] >= RECALL_THRESHOLD
    assert ours["ndcg"] > naive["ndcg"] + 0.2
