from django.apps import AppConfig


class MorpheusConfig(AppConfig):
    name = "morpheus"
    verbose_name = "Morpheus platform"
