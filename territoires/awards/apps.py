from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "territoires.awards"
    label = "awards"
    verbose_name = "Labels Territoires Innovants"

    def ready(self):
        from territoires.awards.opendata import catalogue_source
        from territoires.awards.panels import register_panels
        from territoires.core.opendata import catalogue_register

        register_panels()
        catalogue_register(catalogue_source)
