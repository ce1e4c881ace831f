import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chumchon.catalog import services
from chumchon.catalog.models import Listing

pytestmark = pytest.mark.django_db


def test_it_shows_a_published_listing_with_its_b2b_fields_and_promptpay(client, published_product):
    html = client.get(f"/l/{published_product.pk}/").content.decode()
    assert "ผ้าซิ่นตีนจก" in html
    assert "฿3,500.00" in html and "฿2,900.00" in html
    assert "<svg" in html  # the PromptPay QR code, drawn inline
    assert 'href="tel:' not in html or "โทร" in html


def test_it_describes_the_listing_for_search_engines_and_link_previews(client, published_product):
    html = client.get(published_product.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "Product"
    assert data["offers"] == {**data["offers"], "price": "3500.00", "priceCurrency": "THB"}
    assert '<meta property="og:title" content="ผ้าซิ่นตีนจก">' in html


def test_it_escapes_a_title_that_tries_to_break_out_of_json_ld(client, published_product, officer):
    services.listing_update(listing=published_product, by=officer, title_en="</script><script>alert(1)</script>")
    html = client.get(f"/en/l/{published_product.pk}/").content.decode()
    assert "<script>alert(1)" not in html


def test_it_hides_unpublished_listings_from_buyers_but_not_from_their_seller(client, product, alice, bob):
    assert client.get(product.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(product.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert "Only you and the officers" in client.get(f"/en/l/{product.pk}/").content.decode()


def test_it_notes_missing_english(client, published_product, officer):
    services.listing_update(listing=published_product, by=officer, title_en="")
    html = client.get(f"/en/l/{published_product.pk}/").content.decode()
    assert "not yet available in English" in html


def test_it_filters_the_browse_page(client, published_product, alice, alice_community, officer):
    experience = services.listing_create(
        community=alice_community, kind="experience", by=alice, title_th="เรียนทอผ้า", capacity=8, price=1200
    )
    services.listing_publish_directly(listing=experience, by=officer)
    html = client.get("/listings/?kind=experience").content.decode()
    assert "เรียนทอผ้า" in html and "ผ้าซิ่นตีนจก" not in html
    html = client.get("/listings/?capacity=20").content.decode()
    assert "เรียนทอผ้า" not in html
    html = client.get("/listings/?price_max=2000").content.decode()
    assert "เรียนทอผ้า" in html and "ผ้าซิ่นตีนจก" not in html


def test_it_says_which_filter_value_it_does_not_know(client, published_product):
    response = client.get("/listings/?province=Sukhotai")
    assert response.status_code == 400
    assert "Sukhotai" in response.content.decode()


@pytest.mark.parametrize("url", ["/listings/", "/listings/?kind=product&province=Sukhothai"])
def test_it_runs_the_same_number_of_queries_whatever_the_number_of_listings(
    client, alice, alice_community, officer, url, django_assert_num_queries
):
    def publish(count):
        for n in range(count):
            listing = services.listing_create(
                community=alice_community, kind="product", by=alice, title_th=f"สินค้า {n}", price=n
            )
            services.listing_publish_directly(listing=listing, by=None)

    publish(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    publish(20)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_it_stops_the_browse_pages_at_the_last_page_served_and_points_to_the_filters(
    client, alice, alice_community, monkeypatch
):
    monkeypatch.setattr("chumchon.catalog.views.LISTINGS_PER_PAGE", 2)
    monkeypatch.setattr("chumchon.core.pagination.MAX_PAGES", 3)
    for n in range(7):  # four pages of two, one more than is served
        listing = services.listing_create(
            community=alice_community, kind="product", by=alice, title_th=f"สินค้าลำดับ{n}", price=100
        )
        services.listing_publish_directly(listing=listing, by=None)

    html = client.get("/en/listings/?page=500").content.decode()
    assert "7 listings" in html  # the true count
    assert "Page 3 of 3" in html and 'rel="next"' not in html
    assert "สินค้าลำดับ2" in html and "สินค้าลำดับ0" not in html  # newest first: page 3 is 2 and 1
    assert "Only the first 3 pages are shown." in html and 'href="#filters"' in html
    first = client.get("/en/listings/").content.decode()
    assert "Only the first" not in first and 'rel="next"' in first
    narrowed = client.get(f"/en/listings/?community={alice_community.slug}&price_min=200").content.decode()
    assert "Only the first" not in narrowed


def test_it_shows_the_listing_page_in_a_constant_number_of_queries(
    client, published_product, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        client.get(published_product.get_absolute_url())


def test_it_draws_the_route_on_a_map_and_lists_the_stops(client, demo_data):
    route = Listing.objects.get(external_id="demo-l-12")
    html = client.get(route.get_absolute_url()).content.decode()
    assert 'id="route-map"' in html and "leaflet/leaflet.js" in html
    match = re.search(r'<script id="route-map-points" type="application/json">(.*?)</script>', html, re.S)
    assert match
    points = json.loads(match.group(1))
    assert [point["n"] for point in points] == [1, 2, 3]
    assert html.index("ชุมชนเตาทุเรียงเมืองเก่า") < html.index("ชุมชนผ้าซิ่นตีนจกหาดเสี้ยว")


def test_it_shows_seats_left_in_each_session(client, demo_data):
    from chumchon.catalog.services import session_take_seats

    workshop = Listing.objects.get(external_id="demo-l-08")
    session_take_seats(session=workshop.sessions.order_by("starts_at")[0], seats=28)
    html = client.get(f"/en/l/{workshop.pk}/").content.decode()
    assert "2 seats left" in html and "30 seats left" in html


def test_it_lists_a_communitys_listings_on_its_page(client, published_product):
    html = client.get(f"/c/{published_product.community.slug}/").content.decode()
    assert "ผ้าซิ่นตีนจก" in html


def test_it_makes_a_fact_sheet_pdf(client, published_product):
    response = client.get(f"/l/{published_product.pk}/factsheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_embeds_the_sarabun_font_so_thai_prints_correctly(rf, published_product):
    from chumchon.catalog.factsheet import render_factsheet

    pdf = render_factsheet(published_product, request=rf.get("/"), compress=False)
    assert b"/FontName /" in pdf and b"Sarabun" in pdf


def test_the_fact_sheet_shows_the_cover_photo(rf, published_product, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from chumchon.catalog.factsheet import render_factsheet

    settings.MEDIA_ROOT = tmp_path
    assert b"/Subtype /Image" not in render_factsheet(published_product, request=rf.get("/"), compress=False)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 60, 40)).save(buffer, "JPEG")
    services.photo_add(listing=published_product, upload=SimpleUploadedFile("cover.jpg", buffer.getvalue()))
    assert b"/Subtype /Image" in render_factsheet(published_product, request=rf.get("/"), compress=False)
