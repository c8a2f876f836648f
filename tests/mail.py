"""A real SMTP server on loopback (aiosmtpd) for the tests that send e-mail.

Django talks to it with its SMTP backend, as it talks to the provider's server in production.
The server keeps every message it accepts, parsed with the ``email`` package, so that a test
reads what a person would: the recipient, the subject and the body, accents decoded. It can
also fail for real: refuse recipients with a permanent error, or stop listening (and listen
again).
"""

import asyncio
import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.core.mail.backends.base import BaseEmailBackend

HOST = "127.0.0.1"


@dataclass
class Received:
    """One message as the server took it: the SMTP envelope and the parsed message."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage
    peer: tuple  # the client's (address, port): one per connection

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        # As a mail client shows it: a long encoded subject is folded before its first word.
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        """The text, also of a message with attachments (an invitation's .ics)."""
        text = self.message.get_body(preferencelist=("plain",))
        return text.get_content().replace("\r\n", "\n")


class Mailbox:
    """The aiosmtpd handler: accepts or refuses recipients, keeps the messages."""

    def __init__(self):
        self.received: list[Received] = []
        self.refusal = ""
        self.stall = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall:
            await asyncio.sleep(self.stall)
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message, session.peer)
        )
        return "250 Message accepted for delivery"


class LoopbackController(Controller):
    """aiosmtpd's controller on a port the system gives (port 0), read once it listens: no
    port is chosen first and bound later, which a parallel worker might take in between. A
    restart asks for the port it had."""

    def __init__(self, handler, port: int = 0):
        super().__init__(handler, hostname=HOST, port=port)

    def _trigger_server(self):
        # Called by start() once the server listens, to open a first connection to its port.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """An SMTP server the test owns, on a free port of the loopback interface."""

    def __init__(self):
        self.mailbox = Mailbox()
        self.port = 0  # the system's choice at the first start, kept for a restart
        self.running = False
        self.start()

    @property
    def received(self) -> list[Received]:
        return self.mailbox.received

    def django_settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }

    def refuse_recipients(self, reply: str = "550 5.1.1 Mailbox unavailable") -> None:
        """Answer every RCPT TO with a permanent error, as a server that bounces the address."""
        self.mailbox.refusal = reply

    def stall_recipients(self, seconds: float) -> None:
        """Wait ``seconds`` before answering RCPT TO (0: answer at once), as an overloaded
        server: the client is caught in the middle of its conversation."""
        self.mailbox.stall = seconds

    def stop(self) -> None:
        """Stop listening: the next connection is refused."""
        if self.running:
            self.controller.stop()
            self.running = False

    def start(self) -> None:
        """Listen again, on the same port, after :meth:`stop`."""
        if not self.running:
            self.controller = LoopbackController(self.mailbox, port=self.port)
            self.controller.start()
            self.port = self.controller.port
            self.running = True


class NoServerBackend(BaseEmailBackend):
    """The suite's default e-mail backend: a test that sends e-mail must start the server."""

    def send_messages(self, email_messages):
        raise AssertionError(
            "This test sends e-mail: request the smtp_server fixture and assert on what it "
            "received."
        )
