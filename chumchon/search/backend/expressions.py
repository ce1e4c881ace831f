"""The query expressions of both backends: `Term`, `And` and `Or` trees built by `query.py`, and
their rendering as an FTS5 MATCH expression (SQLite) or a tsquery literal (PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Term:
    """A word, or a phrase of adjacent tokens; `prefix` lets the last token be a prefix.
    `rank_only`: inside an `Or`, a term whose matches a sibling already matches (the phrase ผ้า ทอ
    beside ผ้า AND ทอ): it raises the rank of the documents it finds and finds none of its own, so
    counting and windowing leave it out (see `matching`)."""

    tokens: tuple[str, ...]
    prefix: bool = False
    rank_only: bool = False


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of `children`. `concept`: the children are the words a vocabulary word stands for, and
    documents holding any of them also hold this lexeme once it is indexed (`backend.concepts`)."""

    children: tuple[Node, ...]
    concept: str = ""


Node = Union[Term, And, Or]  # noqa: UP007 (a runtime alias used before Python 3.12's `type`)


def matching(node: Node, concepts: frozenset[str] = frozenset()) -> Node:
    """`node` without its rank-only terms, and each concept among `concepts` (the lexemes the index
    holds) as its one lexeme: the same matches, found with less work."""
    if isinstance(node, Term):
        return node
    if isinstance(node, Or) and node.concept and node.concept in concepts:
        return Term((node.concept,))
    children = tuple(
        matching(child, concepts)
        for child in node.children
        if not (isinstance(node, Or) and isinstance(child, Term) and child.rank_only)
    )
    if len(children) == 1:
        return children[0]
    return And(children) if isinstance(node, And) else Or(children, node.concept)


def clean_token(token: str) -> str:
    # Tokens come from text.py (letters, digits and marks only); stay safe whatever happens.
    return "".join(ch for ch in token if ch not in "\"'\\:*&|!()<>^{}[]-+,;.\x00")


# A prefix of one letter (the last syllable น of ข้าว|แต๋|น) would merge the postings of every
# token starting with it: tens of milliseconds for nothing a buyer means.
MIN_PREFIX = 2


def is_prefix(node: Term, tokens: list[str]) -> bool:
    return node.prefix and len(tokens[-1]) >= MIN_PREFIX


def render_fts5(node: Node) -> str:
    if isinstance(node, Term):
        tokens = [t for t in map(clean_token, node.tokens) if t]
        if not tokens:
            return '""'
        return '"' + " ".join(tokens) + '"' + ("*" if is_prefix(node, tokens) else "")
    parts = [render_fts5(child) for child in node.children]
    if len(parts) == 1:
        return parts[0]
    return "(" + (" AND " if isinstance(node, And) else " OR ").join(parts) + ")"


def render_tsquery(node: Node) -> str:
    if isinstance(node, Term):
        tokens = [t for t in map(clean_token, node.tokens) if t]
        if not tokens:
            return "''"
        quoted = [f"'{t}'" for t in tokens]
        if is_prefix(node, tokens):
            quoted[-1] += ":*"
        return "(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0]
    parts = [render_tsquery(child) for child in node.children]
    if len(parts) == 1:
        return parts[0]
    return "(" + (" & " if isinstance(node, And) else " | ").join(parts) + ")"
