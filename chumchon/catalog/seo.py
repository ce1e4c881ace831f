"""schema.org JSON-LD for listing pages, so that shared links and search engines read them well."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chumchon.catalog.models import Kind, Listing, RouteStop


def listing_json_ld(listing: Listing, *, stops: Sequence[RouteStop] = (), base_url: str = "") -> str:
    """A Product (products) or TouristTrip (experiences and routes) description, safe inside <script>."""
    community = listing.community
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product" if listing.kind == Kind.PRODUCT else "TouristTrip",
        "name": listing.title,
        "description": listing.description[:500],
        "url": base_url + listing.get_absolute_url(),
    }
    photos = list(listing.photos.all())
    if photos:
        data["image"] = [base_url + photo.url_for(1024) for photo in photos[:3]]
    seller = {"@type": "Organization", "name": community.name, "address": {
        "@type": "PostalAddress", "addressLocality": community.district.name, "addressRegion": community.province.name,
        "addressCountry": "TH"}}  # fmt: skip
    if listing.price is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "price": f"{listing.price:.2f}",
            "priceCurrency": "THB",
            "availability": "https://schema.org/InStock",
        }
        if listing.kind == Kind.PRODUCT:
            offer["seller"] = seller
        else:
            offer["offeredBy"] = seller
        data["offers"] = offer
    if listing.kind == Kind.PRODUCT:
        data["brand"] = seller
        if listing.materials:
            data["material"] = listing.materials
    else:
        data["provider"] = seller
        if stops:
            data["itinerary"] = {
                "@type": "ItemList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": stop.position,
                        "item": {"@type": "Place", "name": stop.place.name},
                    }
                    for stop in stops
                ],
            }
    # `</script>` inside a string would end the element: escape the characters HTML cares about.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
