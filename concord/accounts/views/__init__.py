from concord.accounts.views.auth import (
    change_password,
    choose_role,
    locked_out,
    mfa,
    mfa_setup,
    set_password,
    sign_in,
    sign_out,
)
from concord.accounts.views.grants import grant_detail, grants
from concord.accounts.views.home import account, home
from concord.accounts.views.management import (
    add_member,
    add_service,
    add_team,
    agencies,
    agency_detail,
    create_agency,
    member_detail,
    users,
)
from concord.accounts.views.tokens import revoke_token, tokens

__all__ = [
    "account",
    "add_member",
    "add_service",
    "add_team",
    "agencies",
    "agency_detail",
    "change_password",
    "choose_role",
    "create_agency",
    "grant_detail",
    "grants",
    "home",
    "locked_out",
    "member_detail",
    "mfa",
    "mfa_setup",
    "revoke_token",
    "set_password",
    "sign_in",
    "sign_out",
    "tokens",
    "users",
]
