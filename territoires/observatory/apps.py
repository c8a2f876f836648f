from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "territoires.observatory"
    label = "observatory"
    verbose_name = "Observatoire de la maturité numérique"

    def ready(self):
        from territoires.observatory.panels import register_panels

        register_panels()
