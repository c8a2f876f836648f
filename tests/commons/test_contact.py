"""Contact through the platform: the message reaches the user organisation by e-mail (read
back from the tests' SMTP server) with the sender's address for it alone; rate-limited,
logged, and reportable as abuse from the e-mail's link."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from territoires.commons import services
from territoires.commons.enums import ContactStatus
from territoires.commons.models import ContactMessage
from territoires.core.personal_data import personal_data_erase, personal_data_export
from tests.accounts.factories import MembershipFactory
from tests.commons.factories import CommunFactory, UsageFactory
from tests.observatory.conftest import visible_text


@pytest.fixture
def usage(people):
    return UsageFactory(commun=people.commun, organisation=people.organisation)


def write(client, usage, body="Bonjour, comment l’avez-vous déployé ?"):
    return client.post(reverse("commons:contact_usage", args=[usage.pk]), {"body": body})


def test_an_agent_writes_to_a_user_organisation(smtp_server, client, people, usage):
    MembershipFactory(organisation=people.organisation, user__email="ref@village.fr", referent=True)
    client.force_login(people.outsider)
    response = write(client, usage)
    assert response.status_code == 302
    # To the organisation's référents, not to the sender, and nothing else.
    [mail] = smtp_server.received
    assert mail.to == "ref@village.fr"
    assert "Bonjour, comment l’avez-vous déployé ?" in mail.body
    assert "écrivez directement à agent@ailleurs.fr" in mail.body
    assert "Village-1" in mail.body  # the sender's organisation
    # The sender's page never shows the recipient's address.
    page = client.get(response["Location"])
    assert "ref@village.fr" not in page.content.decode()
    message = ContactMessage.objects.get()
    assert (message.sender, message.usage, message.status) == (
        people.outsider,
        usage,
        ContactStatus.SENT,
    )


def test_the_recipient_reports_the_message_as_abuse(smtp_server, client, people, usage):
    client.force_login(people.outsider)
    write(client, usage, body="Achetez nos licences !")
    [mail] = smtp_server.received
    assert mail.to == "agent@village.fr"
    path = urlsplit(re.search(r"http://\S+/signaler/", mail.body).group(0)).path
    client.logout()
    assert client.get(path).status_code == 200
    client.post(path, {"reason": "Démarchage commercial."})
    message = ContactMessage.objects.get()
    assert (message.status, message.report_reason) == (
        ContactStatus.REPORTED,
        "Démarchage commercial.",
    )
    client.force_login(people.staff)
    moderation = visible_text(client.get(reverse("commons:moderation")))
    assert "Démarchage commercial." in moderation and "Achetez nos licences !" in moderation
    # A forged link finds nothing.
    assert client.get(path.replace("/signaler/", "x/signaler/")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("stranger", 403), ("outsider", 200), ("member", 200)],
)
def test_who_may_write(client, people, usage, role, expected):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    assert client.get(reverse("commons:contact_usage", args=[usage.pk])).status_code == expected


@pytest.mark.django_db
def test_an_organisation_that_does_not_want_contact_cannot_be_written_to(client, people):
    usage = UsageFactory(commun=people.commun, contactable=False)
    client.force_login(people.outsider)
    assert write(client, usage).status_code == 404
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_a_private_usage_is_not_reachable_by_a_signed_in_stranger(client, people):
    usage = UsageFactory(commun=people.commun, private=True)
    client.force_login(people.stranger)
    assert write(client, usage).status_code == 404


def test_contact_is_rate_limited(smtp_server, settings, client, people, usage):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "commons-contact": "2/3600"}
    client.force_login(people.outsider)
    assert [write(client, usage).status_code for _ in range(3)] == [302, 302, 429]
    assert ContactMessage.objects.count() == 2
    assert len(smtp_server.received) == 2


@pytest.mark.django_db
def test_an_empty_message_is_refused_in_french(client, people, usage):
    client.force_login(people.outsider)
    response = write(client, usage, body="   ")
    assert "Ce champ est obligatoire." in visible_text(response)
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_messages_sent_are_in_the_personal_data_and_erased_with_the_account(people, usage):
    services.contact_send(actor=people.outsider, commun=people.commun, usage=usage, body="Bonjour")
    [sent] = personal_data_export(people.outsider)["communs"]["messages_envoyes"]
    assert (sent["commun"], sent["message"]) == ("Parapheur libre", "Bonjour")
    personal_data_erase(people.outsider)
    assert ContactMessage.objects.get().body == services.ERASED_MESSAGE


@pytest.mark.django_db
def test_published_fiches_and_reports_are_in_the_sitemap(client, people):
    CommunFactory(name="Brouillon", slug="brouillon", proposed=True)
    sitemap = client.get("/sitemap-communs.xml").content.decode()
    assert "/communs/parapheur-libre/" in sitemap and "brouillon" not in sitemap


def test_a_maintainer_becomes_referent_and_receives_a_message(smtp_server, client, people):
    client.force_login(people.maintainer)
    client.post(reverse("commons:referent", args=[people.commun.slug]), {"referent": "oui"})
    assert list(people.commun.referents.all()) == [people.maintainer]
    # Someone who does not maintain it cannot become its referent.
    client.force_login(people.member)
    client.post(reverse("commons:referent", args=[people.commun.slug]), {"referent": "oui"})
    assert list(people.commun.referents.all()) == [people.maintainer]
    url = reverse("commons:contact_referent", args=[people.commun.slug, people.maintainer.pk])
    assert client.post(url, {"body": "Une question sur l’installation."}).status_code == 302
    [mail] = smtp_server.received
    assert mail.to == "mainteneur@opsn.fr"
    assert "écrivez directement à agent@village.fr" in mail.body
