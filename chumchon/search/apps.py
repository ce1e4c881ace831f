from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "chumchon.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from chumchon.catalog.signals import import_chunk_committing, listing_saved, records_changed
        from chumchon.places.models import Community

        listing_saved.connect(_listing_saved, dispatch_uid="search.listing_saved")
        records_changed.connect(_records_changed, dispatch_uid="search.records_changed")
        import_chunk_committing.connect(_catch_up, dispatch_uid="search.import_chunk_committing")
        post_save.connect(_community_saved, sender=Community, dispatch_uid="search.community_saved")
        post_delete.connect(_community_deleted, sender=Community, dispatch_uid="search.community_deleted")


def _listing_saved(sender: Any, listing: Any, **kwargs: Any) -> None:
    from chumchon.search.indexing import listing_changed

    if listing.pk is not None:
        listing_changed(listing.pk)


def _community_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata
        return
    from chumchon.search.indexing import community_changed

    community_changed(instance.pk)


def _community_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from chumchon.search.indexing import remove_community

    remove_community(instance.pk)


def _records_changed(sender: Any, listing_ids: Any = (), community_ids: Any = (), **kwargs: Any) -> None:
    from chumchon.search.indexing import community_changed, listing_changed

    for pk in community_ids:
        community_changed(pk)
    for pk in listing_ids:
        listing_changed(pk)


def _catch_up(sender: Any, **kwargs: Any) -> None:
    from chumchon.search.indexing import flush

    flush()
