import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from chumchon.catalog import services
from chumchon.catalog.models import Session


@pytest.fixture
def session(db, alice, alice_community):
    experience = services.listing_create(
        community=alice_community, kind="experience", by=alice, title_th="เรียนปั้นดิน", capacity=10
    )
    return services.session_create(listing=experience, starts_at=timezone.now() + dt.timedelta(days=3), seats_total=2)


def test_it_takes_seats_until_the_session_is_full(session):
    services.session_take_seats(session=session, seats=1)
    services.session_take_seats(session=session, seats=1)
    with pytest.raises(ValidationError, match="เหลือเพียง 0 ที่นั่ง"):
        services.session_take_seats(session=session, seats=1)
    assert session.seats_left == 0


def test_it_refuses_more_seats_than_are_left(session):
    with pytest.raises(ValidationError):
        services.session_take_seats(session=session, seats=3)
    session.refresh_from_db()
    assert session.seats_taken == 0


def test_it_refuses_sessions_with_no_seats(alice, alice_community, db):
    experience = services.listing_create(community=alice_community, kind="experience", by=alice, title_th="x")
    with pytest.raises(ValidationError):
        services.session_create(listing=experience, starts_at=timezone.now(), seats_total=-1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL; CI runs this there")
def test_it_never_oversells_the_last_seat_to_two_buyers_at_once(places_data, alice):
    from chumchon.accounts.services import organisation_create
    from chumchon.places.tests.factories import CommunityFactory

    community = CommunityFactory.create(
        organisation=organisation_create(by=alice, name="x", kind="community_enterprise")
    )
    experience = services.listing_create(community=community, kind="experience", by=alice, title_th="เรียนทอผ้า")
    session = services.session_create(
        listing=experience, starts_at=timezone.now() + dt.timedelta(days=1), seats_total=1
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def buyer() -> None:
        try:
            barrier.wait()
            services.session_take_seats(session=Session.objects.get(pk=session.pk), seats=1)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("sold out")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buyer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.refresh_from_db()
    assert sorted(outcomes) == ["booked"] + ["sold out"] * 7
    assert session.seats_taken == 1
