"""The agenda as an Atom feed (Django's syndication): the events published lately."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from territoires.events.models import Event

FEED_SIZE = 50


class AgendaFeed(Feed):
    feed_type = Atom1Feed
    title = "Agenda du réseau — Territoires numériques"
    subtitle = "Les événements du réseau : IntercoTOUR, Forum, formations, colloques, webinaires."
    link = "/agenda/"

    def items(self):
        return (
            Event.objects.published()
            .upcoming()
            .select_related("organisation", "commune")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Event) -> str:
        prefix = "Annulé : " if item.is_cancelled else ""
        return f"{prefix}{item.title}"

    def item_description(self, item: Event) -> str:
        start = item.local(item.starts_at)
        where = item.commune.name if item.commune_id else "en ligne"
        return f"{item.get_kind_display()}, le {start:%d/%m/%Y à %H:%M}, {where}. {item.summary}"

    def item_pubdate(self, item: Event):
        return item.created_at

    def item_updateddate(self, item: Event):
        return item.created_at

    def item_author_name(self, item: Event) -> str:
        return item.organisation.name
