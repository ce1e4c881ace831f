"""Signals the catalog sends so that other apps (search) can follow changes without the catalog
importing them. Sent by `services.listing_changed` after every write."""

from django.dispatch import Signal

# listing: the Listing that was created, changed, published, unpublished or is being deleted.
listing_saved = Signal()

# listing_ids, community_ids: rows written or deleted without the catalog's services (an import
# being undone), for followers to bring themselves up to date.
records_changed = Signal()

# A chunked import's short transaction is about to commit: followers that catch up on commit do it
# now, inside that transaction (search indexes the chunk's rows with them, not right after).
import_chunk_committing = Signal()
