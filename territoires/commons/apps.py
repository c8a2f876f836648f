from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "territoires.commons"
    label = "commons"
    verbose_name = "Communs et retours d’expérience"

    def ready(self):
        from territoires.commons.panels import register_panels

        register_panels()
