"""Background work of the catalog: thin tasks that take an id and call a service."""

from __future__ import annotations

from django_tasks import task

from chumchon.catalog import services
from chumchon.catalog.models import Photo


@task()
def make_photo_renditions(photo_id: int) -> None:
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is not None:  # deleted before the worker got to it
        services.photo_make_renditions(photo=photo)
