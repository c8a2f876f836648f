from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "territoires.geo"
    label = "geo"
    verbose_name = "Référentiel territorial"

    def ready(self):
        from territoires.geo.panels import register_panels

        register_panels()
