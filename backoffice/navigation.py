"""The admin sidebar (UNFOLD["SIDEBAR"]["navigation"]). Each link shows only to those who
may open it."""

from django.urls import reverse

from backoffice import permissions


def _can_view(app: str, model: str):
    return lambda request: request.user.has_perm(f"{app}.view_{model}")


def sidebar_navigation(request) -> list[dict]:
    return [
        {
            "title": "Shop",
            "items": [
                {"title": "Dashboard", "icon": "dashboard", "link": reverse("admin:index")},
                {
                    "title": "Orders",
                    "icon": "receipt_long",
                    "link": reverse("admin:orders_order_changelist"),
                    "permission": _can_view("orders", "order"),
                },
                {
                    "title": "Give comics to a customer",
                    "icon": "redeem",
                    "link": reverse("admin:orders_order_comp"),
                    "permission": lambda request: permissions.user_can(
                        request.user, permissions.COMP
                    ),
                },
                {
                    "title": "Payments",
                    "icon": "credit_card",
                    "link": reverse("admin:payments_payment_changelist"),
                    "permission": _can_view("payments", "payment"),
                },
                {
                    "title": "Refunds",
                    "icon": "undo",
                    "link": reverse("admin:payments_refund_changelist"),
                    "permission": _can_view("payments", "refund"),
                },
                {
                    "title": "Duplicate charges",
                    "icon": "content_copy",
                    "link": reverse("admin:payments_duplicatepayment_changelist"),
                    "permission": _can_view("payments", "duplicatepayment"),
                },
                {
                    "title": "Download links",
                    "icon": "download",
                    "link": reverse("admin:delivery_downloadlink_changelist"),
                    "permission": _can_view("delivery", "downloadlink"),
                },
                {
                    "title": "Link abuse alerts",
                    "icon": "gpp_maybe",
                    "link": reverse("admin:delivery_downloadabusealert_changelist"),
                    "permission": _can_view("delivery", "downloadabusealert"),
                },
                {
                    "title": "Comics",
                    "icon": "menu_book",
                    "link": reverse("admin:catalog_comic_changelist"),
                    "permission": _can_view("catalog", "comic"),
                },
                {
                    "title": "Sales per title",
                    "icon": "bar_chart",
                    "link": reverse("admin:catalog_comic_sales"),
                    "permission": _can_view("orders", "order"),
                },
                {
                    "title": "Bundles",
                    "icon": "collections_bookmark",
                    "link": reverse("admin:promotions_bundle_changelist"),
                    "permission": _can_view("promotions", "bundle"),
                },
                {
                    "title": "Discount codes",
                    "icon": "sell",
                    "link": reverse("admin:promotions_discountcode_changelist"),
                    "permission": _can_view("promotions", "discountcode"),
                },
            ],
        },
        {
            # Finance's pages (outside probe GU-8: only under "All applications").
            "title": "Finance",
            "items": [
                {
                    "title": "Invoices and credit notes",
                    "icon": "description",
                    "link": reverse("admin:invoicing_invoice_changelist"),
                    "permission": _can_view("invoicing", "invoice"),
                },
                {
                    "title": "Order tax evidence",
                    "icon": "fact_check",
                    "link": reverse("admin:tax_ordertaxevidence_changelist"),
                    "permission": _can_view("tax", "ordertaxevidence"),
                },
                {
                    "title": "Tax rules",
                    "icon": "percent",
                    "link": reverse("admin:tax_taxrule_changelist"),
                    "permission": _can_view("tax", "taxrule"),
                },
                {
                    "title": "Euro rates",
                    "icon": "currency_exchange",
                    "link": reverse("admin:invoicing_eurorate_changelist"),
                    "permission": _can_view("invoicing", "eurorate"),
                },
            ],
        },
    ]
