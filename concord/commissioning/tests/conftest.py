from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from concord.accounts.models import Agency, Membership, Service
from concord.accounts.tests.factories import ServiceFactory
from concord.commissioning import services
from concord.commissioning.models import Contract, Kpi
from concord.commissioning.services import FunderShare


@pytest.fixture
def help_point(agency_a):
    return ServiceFactory(agency=agency_a, name="Help point")


@pytest.fixture
def contract(commissioner: Membership, agency_a: Agency, help_point: Service) -> Contract:
    return services.save_contract(
        commissioner,
        title="Integrated specialist services",
        provider=agency_a,
        services=[help_point],
        starts_on=date(2025, 4, 1),
        ends_on=date(2027, 3, 31),
        annual_value_pence=82_600_000,
        funders=[FunderShare("City Council", Decimal(72)), FunderShare("Police", Decimal(28))],
    )


@pytest.fixture
def kpis(commissioner: Membership, contract: Contract) -> list[Kpi]:
    def target(code: str, title: str, value: int, aggregation: str) -> Kpi:
        return services.set_kpi_target(
            commissioner, contract, code=code, title=title, year=1, target=Decimal(value),
            better="higher", aggregation=aggregation,
        )  # fmt: skip

    return [
        target("clients-supported", "Clients supported", 100, "total"),
        target("clients-satisfied", "Clients satisfied (%)", 80, "latest"),
    ]
