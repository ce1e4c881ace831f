"""Shared scene: Alice records income for the Hat Siao weavers; Bob's weaving group is another
community (Ko Noi); Charlie belongs to none; the officer sees everything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def weavers(alice):
    from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
    from chumchon.places.tests.factories import CommunityFactory

    organisation = OrganisationFactory(name="วิสาหกิจชุมชนทอผ้าหาดเสี้ยว")
    MembershipFactory(user=alice, organisation=organisation)
    return CommunityFactory(
        name_th="ชุมชนทอผ้าหาดเสี้ยว",
        name_en="Hat Siao Weavers",
        slug="hat-siao",
        organisation=organisation,
        households=10,
        latitude=Decimal("17.527"),
        longitude=Decimal("99.776"),
    )


@pytest.fixture
def potters(bob):
    from chumchon.accounts.tests.factories import MembershipFactory, OrganisationFactory
    from chumchon.places.models import District
    from chumchon.places.tests.factories import CommunityFactory

    organisation = OrganisationFactory(name="กลุ่มปั้นเกาะน้อย")
    MembershipFactory(user=bob, organisation=organisation)
    return CommunityFactory(
        name_th="ชุมชนเครื่องสังคโลกเกาะน้อย",
        name_en="Ko Noi Potters",
        slug="ko-noi",
        organisation=organisation,
        district=District.objects.get(code="6405"),
        households=30,
        latitude=Decimal("17.479"),
        longitude=Decimal("99.768"),
    )


@pytest.fixture
def record(officer):
    """Record an income entry through the service, as an officer."""
    from chumchon.impact.services import income_entry_record

    def record(community, day, amount, kind="product_sales", visitors=0):
        return income_entry_record(
            community=community, by=officer, date=day, amount=Decimal(amount), kind=kind, visitors=visitors
        )

    return record


@pytest.fixture
def deal(officer, bob):
    """A confirmed (or other status) deal of a community, as the inquiries app stores it."""
    from chumchon.inquiries.models import Deal, DealKind, DealSource, DealStatus, Side

    def deal(community, day, value, source=DealSource.INQUIRY, status=DealStatus.CONFIRMED):
        return Deal.objects.create(
            seller=community.organisation,
            community=community,
            buyer=bob,
            value=Decimal(value),
            date=day,
            kind=DealKind.PRODUCT_SALE,
            source=source,
            status=status,
            recorded_by=officer,
            confirming_side=Side.BUYER,
        )

    return deal


@pytest.fixture
def survey(officer):
    """Household incomes of one month (one value per household)."""
    from chumchon.impact.services import household_income_record

    def survey(community, incomes, month=dt.date(2026, 1, 1)):
        for number, income in enumerate(incomes, start=1):
            household_income_record(
                community=community, household=f"HH-{number}", month=month, income=Decimal(income), by=officer
            )

    return survey


def fy(year, **places):
    from chumchon.impact.selectors import ImpactFilters

    return ImpactFilters(fiscal_year=year, **places)
