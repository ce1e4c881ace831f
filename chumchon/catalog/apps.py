from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "chumchon.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from chumchon.catalog import cached
        from chumchon.catalog.models import Category, Listing, Theme
        from chumchon.catalog.signals import import_chunk_committing, listing_saved, records_changed
        from chumchon.places.models import Community

        # What the cached reads of cached.py depend on.
        for models, receiver in (
            ((Category, Theme), cached.taxonomy_changed),
            ((Listing, Community), cached.listings_changed),
        ):
            for model in models:
                post_save.connect(receiver, sender=model, dispatch_uid=f"cached.{model.__name__}.save")
                post_delete.connect(receiver, sender=model, dispatch_uid=f"cached.{model.__name__}.delete")
        listing_saved.connect(cached.listings_changed, dispatch_uid="cached.listing_saved")
        records_changed.connect(cached.listings_changed, dispatch_uid="cached.records_changed")
        import_chunk_committing.connect(cached.listings_changed, dispatch_uid="cached.import_chunk_committing")
