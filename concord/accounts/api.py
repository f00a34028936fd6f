from __future__ import annotations

from ninja import Router, Schema

from concord.accounts.http import ConcordRequest

router = Router(tags=["account"])


class MeOut(Schema):
    full_name: str
    email: str
    role: str
    agency: str


@router.get("/me", response=MeOut, summary="Who the token acts as")
def me(request: ConcordRequest) -> MeOut:
    membership = request.membership
    return MeOut(
        full_name=request.user.full_name,
        email=request.user.email,
        role=membership.role,
        agency=membership.agency.name,
    )
