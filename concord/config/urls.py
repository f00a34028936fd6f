from django.contrib import admin
from django.urls import include, path

from concord.accounts import views as accounts_views
from concord.config.api import api
from concord.config.api import not_found as api_not_found
from concord.core import session_views
from concord.core import views as core_views

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility_statement, name="accessibility"),
    path("session/", session_views.session_status, name="session-status"),
    path("session/stay-signed-in/", session_views.stay_signed_in, name="stay-signed-in"),
    path("drafts/", session_views.draft, name="draft"),
    path("accounts/", include("concord.accounts.urls")),
    path("people/", include("concord.people.urls")),
    path("cases/", include("concord.cases.urls")),
    path("referrals/", include("concord.referrals.urls")),
    path("helpline/", include("concord.helpline.urls")),
    path("inbox/", include("concord.inbox.urls")),
    path("get-in-touch/", include("concord.inbox.self_urls")),
    path("refer/", include("concord.inbox.professional_urls")),
    path("outcomes/", include("concord.outcomes.urls")),
    path("your-say/", include("concord.outcomes.public_urls")),
    path("feedback/", include("concord.voice.urls")),
    path("housing/", include("concord.accommodation.urls")),
    path("training/", include("concord.training.urls")),
    path("programmes/", include("concord.programmes.urls")),
    path("marac/", include("concord.marac.urls")),
    path("risk/", include("concord.risk.urls")),
    path("contracts/", include("concord.commissioning.urls")),
    path("safe-accommodation/", include("concord.part4.urls")),
    path("strategy/", include("concord.strategy.urls")),
    path("board/", include("concord.board.urls")),
    path("homicide-reviews/", include("concord.dhr.urls")),
    path("reports/", include("concord.reporting.urls")),
    path("submissions/", include("concord.submissions.urls")),
    path("linkage/", include("concord.linkage.urls")),
    path("oversight/", include("concord.oversight.urls")),
    path("data-protection/", include("concord.dataprotection.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/<path:path>", api_not_found),
]

handler400 = "concord.core.views.bad_request"
handler403 = "concord.core.views.permission_denied"
handler404 = "concord.core.views.not_found"
handler500 = "concord.core.views.server_error"
