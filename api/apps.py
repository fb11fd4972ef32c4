from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from api import schema  # noqa: F401  (registers the OpenAPI extensions)
        from api.receivers import (
            export_customers_tokens,
            forget_erased_customers_tokens,
            revoke_tokens_of_replaced_password,
        )
        from orders.signals import (
            customer_data_exported,
            customer_erased,
            customer_password_replaced,
        )

        customer_erased.connect(
            forget_erased_customers_tokens, dispatch_uid="api.forget_erased_customers_tokens"
        )
        customer_data_exported.connect(
            export_customers_tokens, dispatch_uid="api.export_customers_tokens"
        )
        customer_password_replaced.connect(
            revoke_tokens_of_replaced_password,
            dispatch_uid="api.revoke_tokens_of_replaced_password",
        )
