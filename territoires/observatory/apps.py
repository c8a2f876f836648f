from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "territoires.observatory"
    label = "observatory"
    verbose_name = "Observatoire de la maturité numérique"

    def ready(self):
        from territoires.core.opendata import catalogue_register
        from territoires.observatory.panels import register_panels
        from territoires.observatory.public.opendata import catalogue_source

        register_panels()
        catalogue_register(catalogue_source)
