"""The demo's professional referral (issue 18), so the SAFE help point's inbox shows one: a
GP refers a patient with her consent and a DASH RIC score of 15, without the answers.
Written through concord.inbox.professional (audited); running again finds it by the GP's
email and adds nothing. The names are invented."""

from __future__ import annotations

from concord.accounts.models import Service
from concord.inbox import professional, services
from concord.inbox.models import OnlineReferral

GP_EMAIL = "dr.okafor@ashfield-surgery.example"


def record_demo_professional_referral() -> OnlineReferral | None:
    """The referral in the inbox of the help point that takes online referrals."""
    service: Service | None = services.receiving_help_point()
    if service is None:
        return None
    found = OnlineReferral.objects.filter(referrer_email=GP_EMAIL).first()
    if found is not None:
        return found
    instrument = professional.checklist(service)
    return professional.submit_referral(
        service,
        {
            "referrer_name": "Dr Chidi Okafor",
            "referrer_role": "GP",
            "referrer_agency": "Ashfield Surgery",
            "referral_source": "health",
            "referrer_email": GP_EMAIL,
            "referrer_phone": "0115 496 0321",
            "name": "Leanne",
            "family_name": "Whitcombe",
            "contact_method": "call",
            "phone": "07700 900461",
            "safe_times": "Tuesday and Thursday mornings, when her partner is at work",
            "never": ["no_voicemail", "no_withheld"],
            "danger_now": "no",
            "language": "English",
            "more": (
                "Came to the surgery with bruising to her arm; told me her partner checks her "
                "phone and has threatened to take the children. She agreed to be referred."
            ),
            "consent_given": True,
        },
        professional.RiskChecklist(instrument, None, 15 if instrument else None),
    )
