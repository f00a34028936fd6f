"""Fixtures shared by the cases tests."""

from __future__ import annotations

import pytest

from concord.accounts.tests.factories import ServiceFactory
from concord.cases.tests.test_api import api


@pytest.fixture
def service(agency_a):
    return ServiceFactory(agency=agency_a)


@pytest.fixture
def opened(idva, person_a, service):
    response = api(idva).post(
        "/api/v1/cases",
        {
            "person_id": str(person_a.pk),
            "service_id": str(service.pk),
            "referral_source": "police",
            "method_of_access": "professional_referral",
            "referred_at": "2026-11-02T09:30:00+00:00",
            "abuse_types": ["physical"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def help_point(agency_a):
    return ServiceFactory(agency=agency_a, name="SAFE help point")
