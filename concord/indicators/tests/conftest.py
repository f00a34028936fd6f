"""The MARAC's fixtures, to compare the MARAC indicators with the MARAC's own measures."""

from concord.marac.tests.conftest import (  # noqa: F401
    area,
    case,
    coordinator,
    help_point,
    item,
    meeting,
    referral,
    today,
)
from concord.marac.tests.test_measures import hearings  # noqa: F401
