import re
import socket
from pathlib import Path

import pytest
from PIL import Image

from chumchon.core import pdf

pytestmark = pytest.mark.skipif(not pdf.pdf_available(), reason="WeasyPrint or Pango is not installed")

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def probe_templates(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}]


@pytest.fixture
def connections(monkeypatch) -> list[object]:
    """Every attempt to look up or reach another machine, refused and recorded."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_a_pdf_embeds_sarabun_and_keeps_the_thai_text(probe_templates, connections):
    document = pdf.render_pdf("core_tests/pdf_probe.html", {"heading": "ชุมชนบ้านเชียง"}, compress=False)
    assert document.startswith(b"%PDF")
    assert re.search(rb"/FontName /[A-Z]{6}\+Sarabun", document)
    assert b"/FontFile2" in document  # the font itself is in the file, not only its name
    # Each Thai letter is mapped back to its code point (ToUnicode), so the text can be copied and searched.
    mapped = document.upper()
    for letter in "ชุมชนบ้านเชียง":
        assert f"{ord(letter):04X}".encode() in mapped, letter


def test_a_pdf_never_fetches_a_remote_address_or_a_file_it_was_not_given(probe_templates, connections, tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (8, 8), (200, 0, 0)).save(secret)
    document = pdf.render_pdf(
        "core_tests/pdf_probe.html", {"heading": "Ban Chiang", "secret_uri": secret.as_uri()}, compress=False
    )
    assert document.startswith(b"%PDF")
    assert connections == []
    assert b"/Subtype /Image" not in document


def test_the_fetcher_reads_only_the_files_and_folders_it_is_given(tmp_path):
    allowed = tmp_path / "fonts"
    allowed.mkdir()
    (allowed / "a.ttf").write_bytes(b"font")
    fetcher = pdf.local_file_fetcher([allowed])
    assert fetcher((allowed / "a.ttf").as_uri()).read() == b"font"
    for url in (
        "https://evil.example/a.png",
        "http://127.0.0.1/a.png",
        "data:image/png;base64,AAAA",
        (tmp_path / "other.png").as_uri(),
        (allowed / ".." / "other.png").as_uri(),
        "file://evil.example/share/a.png",
    ):
        with pytest.raises(ValueError):
            fetcher(url)
