import datetime as dt

import pytest

from chumchon.core.redirects import safe_next_url

FALLBACK = "/programme/my-actions/"


@pytest.mark.parametrize(
    "candidate",
    [
        "/\\evil.example",
        "//evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/%5Cevil.example",
        "/%2F%2Fevil.example",
        " //evil.example",
        "http://testserver.evil.example/",
        "",
        None,
    ],
)
def test_an_address_off_the_site_falls_back(rf, candidate):
    assert safe_next_url(rf.get("/"), candidate, FALLBACK) == FALLBACK


@pytest.mark.parametrize(
    "candidate",
    [
        "/programme/meetings/3/",
        "/en/programme/cities/nan/?tab=readiness#items",
        "/c/%E0%B8%99%E0%B9%88%E0%B8%B2%E0%B8%99/",
    ],
)
def test_an_address_on_the_site_is_kept(rf, candidate):
    assert safe_next_url(rf.get("/"), candidate, FALLBACK) == candidate


def test_over_https_a_plain_http_address_falls_back(rf):
    assert safe_next_url(rf.get("/"), "http://testserver/programme/", FALLBACK) == "http://testserver/programme/"
    secure = rf.get("/", secure=True)
    assert safe_next_url(secure, "http://testserver/programme/", FALLBACK) == FALLBACK
    assert safe_next_url(secure, "https://testserver/programme/", FALLBACK) == "https://testserver/programme/"


@pytest.fixture
def action_item(officer, alice):
    from chumchon.programmes import services

    mou = services.mou_create(by=officer, title="MOU", parties=["อพท."], signed_on=dt.date(2023, 10, 1))
    meeting = services.meeting_create(by=officer, mou=mou, held_on=dt.date(2024, 10, 15), title="ประชุม")
    return services.action_item_create(
        by=officer, meeting=meeting, title="ส่งแฟ้ม", owner=alice, due_on=dt.date(2020, 1, 1)
    )


def test_marking_an_item_done_returns_to_the_page_only_when_it_is_on_this_site(client, alice, action_item):
    client.force_login(alice)
    url = f"/programme/actions/{action_item.pk}/done/"
    response = client.post(url, {"next": "/\\evil.example"})
    assert response.status_code == 302
    assert response["Location"] == FALLBACK
    response = client.post(url, {"next": f"/programme/meetings/{action_item.meeting_id}/"})
    assert response["Location"] == f"/programme/meetings/{action_item.meeting_id}/"
