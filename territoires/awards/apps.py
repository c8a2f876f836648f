from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "territoires.awards"
    label = "awards"
    verbose_name = "Labels Territoires Innovants"
