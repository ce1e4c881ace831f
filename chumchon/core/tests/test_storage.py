from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

from chumchon.core.storage import private_file_response, private_storage, safe_filename
from chumchon.programmes.models import Mou


@pytest.fixture
def stored_pdf(settings, tmp_path: Path) -> FieldFile:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    name = private_storage.save("mou/signed.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return Mou(document=name).document


def test_private_files_are_kept_where_the_settings_say_and_have_no_public_url(stored_pdf, tmp_path):
    assert (tmp_path / "private" / "mou" / "signed.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(NotImplementedError):
        private_storage.url(stored_pdf.name)


def test_a_private_file_is_served_as_an_attachment_that_browsers_do_not_sniff(stored_pdf):
    response = private_file_response(stored_pdf, content_type="application/pdf")
    assert response.getvalue().startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="signed.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_sent_file_name_cannot_break_the_header(stored_pdf):
    response = private_file_response(stored_pdf, content_type="application/pdf", filename='../a"b\r\nSet-Cookie: x.pdf')
    assert "\n" not in response["Content-Disposition"]
    assert response["Content-Disposition"] == 'attachment; filename="a\\"bSet-Cookie: x.pdf"'
    thai = private_file_response(stored_pdf, content_type="image/jpeg", filename="ใบเสนอราคา.jpg", as_attachment=False)
    assert (
        thai["Content-Disposition"]
        == "inline; filename*=utf-8''%E0%B9%83%E0%B8%9A%E0%B9%80%E0%B8%AA%E0%B8%99%E0%B8%AD%E0%B8%A3%E0%B8%B2%E0%B8%84%E0%B8%B2.jpg"
    )


def test_safe_filename_keeps_only_the_last_part():
    assert safe_filename("C:\\Users\\me\\quote.pdf") == "quote.pdf"
    assert safe_filename("/etc/passwd") == "passwd"
    assert safe_filename("..") == "file"
    assert safe_filename("\x00\x1f") == "file"
