"""A logging filter that redacts card numbers and IBANs from every log line.

Logs leave the database's protection (files, aggregators), so the same redaction
that guards stored messages is applied to the formatted message of each record.
"""

import logging

from hamdel.text.redact import redact


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        result = redact(message)
        if result.count:
            record.msg = result.text
            record.args = None
        return True
