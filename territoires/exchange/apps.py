from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "territoires.exchange"
    label = "exchange"
    verbose_name = "Bourse d’échange de compétences"

    def ready(self):
        from territoires.core.opendata import catalogue_register
        from territoires.exchange.opendata import catalogue_source
        from territoires.exchange.panels import register_panels

        register_panels()
        catalogue_register(catalogue_source)
