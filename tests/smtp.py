"""A real SMTP server on loopback for the email tests (aiosmtpd): it keeps what it receives and can be told to
refuse the next attempts, temporarily (4xx) or for good (5xx)."""

import email
import email.policy

from aiosmtpd.controller import Controller

from tests.servers import free_port


class Sink:
    def __init__(self):
        self.messages = []  # email.message.EmailMessage, in the order received
        self.refusals = []  # answers to the next RCPT commands, e.g. "451 4.3.0 try again later"; None accepts

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusals and (answer := self.refusals.pop(0)):  # None: accept this one
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


class SmtpServer:
    def __init__(self):
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=free_port())

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def port(self):
        return self.controller.port
