from hamdel.messaging.tests.fake import fake  # noqa: F401 - the fixture, for every test here
