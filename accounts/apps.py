from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.receivers import forgive_the_sign_in, keep_visitor_cart

        user_logged_in.connect(keep_visitor_cart, dispatch_uid="accounts.keep_visitor_cart")
        user_logged_in.connect(forgive_the_sign_in, dispatch_uid="accounts.forgive_the_sign_in")
