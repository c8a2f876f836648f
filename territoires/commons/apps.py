from django.apps import AppConfig


class CommonsConfig(AppConfig):
    name = "territoires.commons"
    label = "commons"
    verbose_name = "Communs et retours d’expérience"

    def ready(self):
        from territoires.commons.opendata import catalogue_source
        from territoires.commons.panels import register_panels
        from territoires.commons.services import personal_data_erase, personal_data_export
        from territoires.core.opendata import catalogue_register
        from territoires.core.personal_data import personal_data_register

        register_panels()
        catalogue_register(catalogue_source)
        personal_data_register("communs", export=personal_data_export, erase=personal_data_erase)
