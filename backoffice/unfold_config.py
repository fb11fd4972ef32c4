"""django-unfold's settings, imported by morpheus.settings as UNFOLD. Plain values only:
settings import this module before any app is ready."""

UNFOLD = {
    "SITE_TITLE": "Morpheus staff",
    "SITE_HEADER": "Morpheus Orders",
    "SITE_SUBHEADER": "Staff dashboard",
    "SITE_URL": "/",
    "SHOW_VIEW_ON_SITE": False,
    "DASHBOARD_CALLBACK": "backoffice.dashboard.dashboard_callback",
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": True,
        "navigation": "backoffice.navigation.sidebar_navigation",
    },
}
