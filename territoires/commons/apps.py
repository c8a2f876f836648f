from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "territoires.commons"
    label = "commons"
    verbose_name = "Communs et retours d’expérience"

    def ready(self):
        from territoires.commons.opendata import catalogue_source
        from territoires.commons.panels import register_panels
        from territoires.core.opendata import catalogue_register

        register_panels()
        catalogue_register(catalogue_source)
