"""Who may do what with an event: see it, manage it, moderate it, register, read the link.

The organiser is the organising organisation: its members manage the event (edit it, see
and export its registrants, e-mail them, mark attendance, the training's sheets and survey
results). The network's staff moderates proposals and may do everything an organiser does.
An event is seen by everyone once published; before, by its organiser and the staff only.
A person registers to a published event that takes registrations on the platform; an event
reserved to agents refuses a citizen (signed in with FranceConnect only).
"""

from dataclasses import dataclass

from territoires.accounts.perms import membership_of
from territoires.accounts.selectors import user_agent
from territoires.core.access import is_staff
from territoires.core.rights import Rights
from territoires.events.enums import Audience
from territoires.events.models import Event, Registration

ORGANISERS_ONLY = "Action réservée à l’organisateur de l’événement et à l’équipe du réseau."
STAFF_ONLY = "Action réservée à l’équipe du réseau."
MEMBERS_ONLY = "Seuls les membres de l’organisation proposent ses événements."
AGENTS_ONLY = (
    "Cet événement est réservé aux agents et élus des collectivités et organismes publics : "
    "connectez-vous avec ProConnect pour vous inscrire."
)
SIGN_IN_FIRST = "Connectez-vous pour vous inscrire."


@dataclass(frozen=True)
class EventRights(Rights):
    """Every question an event's pages ask, answered once for the user."""

    can_view: bool  # the page: everyone once published; before, the organiser and the staff
    can_manage: bool  # edit, registrants, attendance: the organiser and the staff
    can_moderate: bool  # publish or refuse a proposal: the staff
    can_register: bool  # signed in, and an agent for an event reserved to agents
    registration: Registration | None = None  # the user's active registration

    @property
    def can_see_link(self) -> bool:
        """The online link: the organiser, the staff and confirmed registrants."""
        return self.can_manage or (
            self.registration is not None and self.registration.status == "confirmee"
        )


def event_rights(user, event: Event) -> EventRights:
    """The user's rights on ``event`` (a query for the membership, one for the registration,
    one whether the person is an agent when the event is reserved to agents)."""
    signed_in = bool(user.is_authenticated and user.is_active)
    staff = is_staff(user)
    manage = staff or membership_of(user, event.organisation) is not None
    registration = (
        Registration.objects.active().filter(event=event, user=user).first() if signed_in else None
    )
    return EventRights(
        can_view=event.is_published or manage,
        can_manage=manage,
        can_moderate=staff,
        can_register=signed_in and (event.audience == Audience.PUBLIC or user_agent(user)),
        registration=registration,
    )


def can_propose(user, organisation) -> bool:
    """Members of the organisation propose its events; the staff publishes any directly."""
    return is_staff(user) or membership_of(user, organisation) is not None
