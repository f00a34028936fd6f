"""The scope every page request and API call works through: each app's scope class joined
in one (the SCOPE_CLASS setting names it; ADR 0011)."""

from __future__ import annotations

from concord.accommodation.scope import HousingScope
from concord.commissioning.scope import CommissioningScope
from concord.dataprotection.scope import DataProtectionScope
from concord.dhr.scope import ReviewsScope
from concord.helpline.scope import HelplineScope
from concord.inbox.scope import InboxScope
from concord.marac.scope import MaracScope
from concord.outcomes.scope import OutcomesScope
from concord.oversight.scope import OversightScope
from concord.referrals.scope import ReferralsScope
from concord.submissions.scope import SubmissionsScope
from concord.training.scope import TrainingScope
from concord.voice.scope import VoiceScope


class Scope(
    MaracScope,
    ReferralsScope,
    HousingScope,
    CommissioningScope,
    SubmissionsScope,
    TrainingScope,
    OversightScope,
    DataProtectionScope,
    HelplineScope,
    ReviewsScope,
    InboxScope,
    OutcomesScope,
    VoiceScope,
):
    """Everything ``request.scope`` offers."""
