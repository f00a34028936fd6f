from __future__ import annotations

from ninja import Schema

from concord.accounts.http import ConcordRequest
from concord.core.api_errors import ApiRouter, open_to_every_role

router = ApiRouter(tags=["account"])


class MeOut(Schema):
    full_name: str
    email: str
    role: str
    agency: str


@router.get("/me", response=MeOut, summary="Who the token acts as")
@open_to_every_role
def me(request: ConcordRequest) -> MeOut:
    membership = request.membership
    return MeOut(
        full_name=request.user.full_name,
        email=request.user.email,
        role=membership.role,
        agency=membership.agency.name,
    )
