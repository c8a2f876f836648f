from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "territoires.awards"
    label = "awards"
    verbose_name = "Labels Territoires Innovants"

    def ready(self):
        from territoires.awards.opendata import catalogue_source
        from territoires.awards.panels import register_panels
        from territoires.awards.personal_data import personal_data_erase, personal_data_export
        from territoires.core.opendata import catalogue_register
        from territoires.core.personal_data import personal_data_register

        register_panels()
        catalogue_register(catalogue_source)
        personal_data_register("labels", export=personal_data_export, erase=personal_data_erase)
