from django.apps import AppConfig


class MorpheusConfig(AppConfig):
    name = "morpheus"
    verbose_name = "Morpheus platform"

    def ready(self) -> None:
        from morpheus import checks  # noqa: F401 - registers the deploy checks
