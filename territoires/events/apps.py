from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "territoires.events"
    label = "events"
    verbose_name = "Agenda"

    def ready(self):
        from territoires.core.opendata import catalogue_register
        from territoires.core.personal_data import personal_data_register
        from territoires.events.opendata import catalogue_source
        from territoires.events.panels import register_panels
        from territoires.events.selectors import user_registrations_export
        from territoires.events.services import user_registrations_erase

        register_panels()
        catalogue_register(catalogue_source)
        personal_data_register(
            "inscriptions_agenda",
            export=user_registrations_export,
            erase=user_registrations_erase,
        )
