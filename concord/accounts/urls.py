from django.urls import path

from concord.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("mfa/", views.mfa, name="mfa"),
    path("mfa/set-up/", views.mfa_setup, name="mfa-setup"),
    path("role/", views.choose_role, name="choose-role"),
    path("set-password/<str:uidb64>/<str:token>/", views.set_password, name="set-password"),
    path("account/", views.account, name="account"),
    path("password/", views.change_password, name="change-password"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<uuid:token_id>/revoke/", views.revoke_token, name="revoke-token"),
    path("users/", views.users, name="users"),
    path("users/add/", views.add_member, name="add-member"),
    path("role-requests/", views.grants, name="grants"),
    path("role-requests/<uuid:grant_id>/", views.grant_detail, name="grant"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/add/", views.create_agency, name="create-agency"),
    path("agencies/<uuid:agency_id>/", views.agency_detail, name="agency"),
    path("agencies/<uuid:agency_id>/services/add/", views.add_service, name="add-service"),
    path("agencies/<uuid:agency_id>/teams/add/", views.add_team, name="add-team"),
    path("agencies/<uuid:agency_id>/users/", views.users, name="agency-users"),
    path("agencies/<uuid:agency_id>/users/add/", views.add_member, name="agency-add-member"),
    path("agencies/<uuid:agency_id>/users/<uuid:user_id>/", views.member_detail, name="member"),
]
