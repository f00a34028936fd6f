from django.contrib import admin

from concord.core.admin_site import SystemAdministratorAdmin
from concord.marac.models import MaracArea


@admin.register(MaracArea)
class MaracAreaAdmin(SystemAdministratorAdmin):
    """MARACs are configuration: their host agency and adult female population are set by
    system administrators, and each change is audited (SystemAdministratorAdmin)."""

    list_display = ["name", "hosted_by", "adult_female_population", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}
