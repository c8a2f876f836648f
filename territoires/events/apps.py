from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "territoires.events"
    label = "events"
    verbose_name = "Agenda"
