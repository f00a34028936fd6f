from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["account"])


class MeOut(Schema):
    full_name: str
    email: str
    role: str
    agency: str


@router.get("/me", response=MeOut, summary="Who the token acts as")
def me(request: HttpRequest) -> MeOut:
    membership = request.membership  # type: ignore[attr-defined]
    return MeOut(
        full_name=request.user.full_name,  # type: ignore[union-attr]
        email=request.user.email,  # type: ignore[union-attr]
        role=membership.role,
        agency=membership.agency.name,
    )
