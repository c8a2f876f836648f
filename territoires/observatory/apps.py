from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "territoires.observatory"
    label = "observatory"
    verbose_name = "Observatoire de la maturité numérique"
