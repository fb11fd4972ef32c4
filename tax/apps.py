from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "tax"
    verbose_name = "VAT"

    def ready(self) -> None:
        from tax import receivers
        from tax.countries import default_country_check

        default_country_check()
        receivers.connect()
