from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = "Back office"


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the staff site (backoffice/sites.py) as `admin.site`."""

    default = False  # named in INSTALLED_APPS; BackofficeConfig stays this module's default

    default_site = "backoffice.sites.StaffAdminSite"
