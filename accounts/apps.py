from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.receivers import clear_sign_in_failures, erasure_asked, keep_visitor_cart
        from orders import signals

        signals.erasure_asked.connect(erasure_asked, dispatch_uid="accounts.erasure_asked")
        user_logged_in.connect(keep_visitor_cart, dispatch_uid="accounts.keep_visitor_cart")
        user_logged_in.connect(
            clear_sign_in_failures, dispatch_uid="accounts.clear_sign_in_failures"
        )
