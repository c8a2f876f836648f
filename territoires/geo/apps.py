from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "territoires.geo"
    label = "geo"
    verbose_name = "Référentiel territorial"
