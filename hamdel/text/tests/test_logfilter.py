import logging

import pytest

from hamdel.text.logfilter import RedactingFilter

CARD = "6037 9975 9923 8814"  # Luhn-valid, Iranian Shetab prefix (Bank Melli)


def test_a_card_number_in_a_log_line_is_masked(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("hamdel.test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("customer pasted %s in chat %d", CARD, 42)
    assert CARD not in caplog.text
    assert "8814" in caplog.text
    assert "chat 42" in caplog.text


def test_a_log_line_without_payment_data_is_untouched(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("hamdel.test.plain")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("order %s shipped", "4582-1234")
    assert "order 4582-1234 shipped" in caplog.text
