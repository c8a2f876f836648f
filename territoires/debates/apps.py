from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "territoires.debates"
    label = "debates"
    verbose_name = "Débats locaux"

    def ready(self):
        from territoires.core.opendata import catalogue_register
        from territoires.core.personal_data import personal_data_register
        from territoires.debates.opendata import catalogue_source
        from territoires.debates.panels import register_panels
        from territoires.debates.services import participations_erase, participations_export

        register_panels()
        catalogue_register(catalogue_source)
        personal_data_register("debats", export=participations_export, erase=participations_erase)
