from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "chumchon.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from chumchon.catalog.signals import listing_saved
        from chumchon.places.models import Community

        listing_saved.connect(_listing_saved, dispatch_uid="search.listing_saved")
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
