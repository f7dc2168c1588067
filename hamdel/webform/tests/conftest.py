# The messaging app's local fake of the SMS provider: a phone contact is answered by SMS.
from hamdel.messaging.tests.fake import fake  # noqa: F401 - the fixture
