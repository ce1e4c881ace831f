"""JSON read with bounds: nesting depth, the length of a number, and (for the API) no NUL characters.

Python's json module follows any nesting until it runs out of stack (a RecursionError, so a 500)
and refuses an integer of more than 4,300 digits with a bare ValueError; PostgreSQL cannot store or
compare a string holding NUL, so `{"event": "a\\u0000b"}` would end in a database error deep inside a
lookup. `loads` refuses all three with one message a person can act on (`JSONRefused`), and
`JSONParser`, the API's default parser (settings.REST_FRAMEWORK), answers them 400 in the one error
shape (core/api_errors.py). No real request nests 32 levels deep or sends a 100-character number.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 100


class JSONRefused(ValueError):
    """The JSON is well formed but outside the bounds; `message` says which, to the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _number(parse: Any, max_chars: int) -> Any:
    def hook(text: str) -> Any:
        if len(text) > max_chars:
            raise JSONRefused(
                _("A number in the request has %(count)d characters; at most %(max)d are read.")
                % {"count": len(text), "max": max_chars}
            )
        return parse(text)

    return hook


def _refuse_constant(text: str) -> Any:
    raise JSONRefused(_("%(value)s is not a number JSON allows.") % {"value": text})


def loads(
    text: str | bytes,
    *,
    max_depth: int = MAX_DEPTH,
    max_number_chars: int = MAX_NUMBER_CHARS,
    refuse_nul: bool = False,
    strict: bool = True,
) -> Any:
    """`json.loads` within the bounds; raises JSONRefused for them and ValueError for JSON that is not well formed."""
    try:
        value = json.loads(
            text,
            parse_int=_number(int, max_number_chars),
            parse_float=_number(float, max_number_chars),
            parse_constant=_refuse_constant if strict else None,
        )
    except RecursionError:
        raise JSONRefused(_too_deep(max_depth)) from None
    _walk(value, max_depth=max_depth, refuse_nul=refuse_nul)
    return value


def _too_deep(max_depth: int) -> str:
    return _("The request nests lists or objects more than %(max)d levels deep.") % {"max": max_depth}


def _walk(value: Any, *, max_depth: int, refuse_nul: bool) -> None:
    """Depth and NUL characters, without recursion (a deep value must not exhaust the stack here either)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if refuse_nul and "\x00" in item:
                raise JSONRefused(_("The request holds a NUL character (\\u0000), which no text may contain."))
        elif isinstance(item, Mapping | list):
            if depth >= max_depth:
                raise JSONRefused(_too_deep(max_depth))
            if isinstance(item, Mapping):
                stack.extend((key, depth + 1) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


class BodyRefused(ParseError):
    """A body the API will not read, with a message saying why (kept by core/api_errors.py)."""


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser within the bounds of `loads`, refusing NUL characters."""

    def parse(self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError:
            raise BodyRefused(_("The request body is not UTF-8 text.")) from None
        try:
            return loads(text, refuse_nul=True, strict=self.strict)
        except JSONRefused as exc:
            raise BodyRefused(exc.message) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
