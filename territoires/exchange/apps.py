from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "territoires.exchange"
    label = "exchange"
    verbose_name = "Bourse d’échange de compétences"

    def ready(self):
        from territoires.core.opendata import catalogue_register
        from territoires.core.personal_data import personal_data_register
        from territoires.exchange.opendata import catalogue_source
        from territoires.exchange.panels import register_panels
        from territoires.exchange.personal_data import exchange_erase, exchange_export

        register_panels()
        catalogue_register(catalogue_source)
        personal_data_register("bourse", export=exchange_export, erase=exchange_erase)
        self._drop_cached_facts_on_change()

    def _drop_cached_facts_on_change(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from territoires.accounts.models import Organisation
        from territoires.exchange.models import Agreement, Beneficiary, Need, Offer
        from territoires.exchange.selectors import facts_changed

        for model in (Offer, Agreement, Beneficiary, Need, Organisation):
            post_save.connect(facts_changed, sender=model, dispatch_uid=f"facts-{model.__name__}")
            post_delete.connect(
                facts_changed, sender=model, dispatch_uid=f"facts-del-{model.__name__}"
            )
        m2m_changed.connect(facts_changed, sender=Offer.area.through, dispatch_uid="facts-area")
