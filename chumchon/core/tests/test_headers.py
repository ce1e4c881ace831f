"""Security headers: a Content-Security-Policy with nonces and no 'unsafe-inline', a Permissions-Policy,
and pages whose templates have no inline script without the nonce, no inline handler, no style attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_PAGES = ("/email/", "_pdf.html", "factsheet.html", "/core_tests/")  # e-mails and PDFs get no CSP


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_answer_a_content_security_policy_whose_nonce_their_inline_script_carries(client):
    response = client.get("/en/")
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    nonce = next(source for source in policy["script-src"] if source.startswith("'nonce-"))[7:-1]
    page = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline if "ld+json" not in attributes)


@pytest.mark.django_db
def test_pages_answer_a_permissions_policy(client):
    header = client.get("/en/")["Permissions-Policy"]
    assert "geolocation=(self)" in header and "camera=(self)" in header and "microphone=()" in header


def page_templates() -> list[Path]:
    return [path for path in ROOT.glob("**/templates/**/*.html") if not any(part in str(path) for part in NOT_PAGES)]


def test_no_page_template_has_an_inline_handler_a_style_attribute_or_a_script_without_the_nonce():
    problems = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            if "csp_nonce" not in match.group(0) and "ld+json" not in match.group(0):
                problems.append(f"{path}: {match.group(0)}")
        for match in re.finditer(r"<[a-z][^>]*\s(on[a-z]+|style)=[\"'][^>]*>", text):
            problems.append(f"{path}: {match.group(0)[:80]}")
    assert problems == []
