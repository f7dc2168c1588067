"""What the mail app adds: the transport that sends replies on the email channel."""

from hamdel.lib.registry import Declarations

DECLARED = Declarations(transports={"email": "hamdel.mail.transport:send_email"})
