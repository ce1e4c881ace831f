"""Photo renditions are made by the task worker, not in the upload request: the seller's page shows
the original photo (and says the smaller sizes are coming) until the worker has made them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import Image

pytestmark = pytest.mark.worker


def test_the_upload_answers_before_the_renditions_which_the_worker_makes(
    request, transactional_db, places_data, settings, tmp_path, client, alice, product
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(alice)
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "red").save(buffer, "JPEG")
    response = client.post(
        f"/en/sell/{product.pk}/photos/", {"photo": SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg")}
    )
    assert response.status_code == 302
    photo = product.photos.get()
    assert photo.renditions == {}  # not made inside the request
    task = DBTaskResult.objects.get(task_path="chumchon.catalog.tasks.make_photo_renditions")
    assert task.status == "READY"
    page = client.get(f"/en/sell/{product.pk}/").content.decode()
    assert photo.image.url in page  # the original meanwhile
    assert "Preparing the smaller sizes for phones" in page

    worker = request.getfixturevalue("db_worker")  # a real worker process starts now
    assert worker.wait_for(str(task.id)).status == "SUCCESSFUL"
    photo.refresh_from_db()
    assert sorted(int(width) for width in photo.renditions) == [320, 640, 1024, 1600]
    page = client.get(f"/en/sell/{product.pk}/").content.decode()
    assert "Preparing the smaller sizes for phones" not in page
    assert photo.url_for_card in page and photo.url_for_card.endswith("-640w.webp")
