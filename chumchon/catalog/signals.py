"""Signals the catalog sends so that other apps (search) can follow changes without the catalog
importing them. Sent by `services.listing_changed` after every write."""

from django.dispatch import Signal

# listing: the Listing that was created, changed, published, unpublished or is being deleted.
listing_saved = Signal()
