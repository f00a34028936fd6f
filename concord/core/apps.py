from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "concord.core"
    label = "core"
    verbose_name = "Core"


class ConcordAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "concord.core.admin_site.ConcordAdminSite"
