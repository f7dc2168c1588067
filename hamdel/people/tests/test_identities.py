import pytest
from django.core.exceptions import ValidationError

from hamdel.people.identities import normalise_email, normalise_handle, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09123456789", "+989123456789"),
        ("۰۹۱۲۳۴۵۶۷۸۹", "+989123456789"),  # Persian digits
        ("٠٩١٢٣٤٥٦٧٨٩", "+989123456789"),  # Arabic-Indic digits
        ("0912 345 6789", "+989123456789"),
        ("0912-345-6789", "+989123456789"),
        ("+98 912 345 6789", "+989123456789"),
        ("۰۰۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789"),
        ("+90 532 123 45 67", "+905321234567"),  # a foreign number in international form
        ("+7 (916) 555-12-34", "+79165551234"),
    ],
)
def test_phone_numbers_in_any_script_and_format_become_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw, "IR") == expected


@pytest.mark.parametrize("raw", ["12", "not a number", "+98 912", "0532 123 45 67 89 00", ""])
def test_invalid_phone_numbers_are_refused_with_a_clear_message(raw: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalise_phone(raw, "IR")
    assert "phone number" in error.value.messages[0]


def test_a_foreign_national_number_is_read_in_the_organisations_region() -> None:
    # 0532 123 45 67 is a Turkish mobile number written nationally: valid in TR, not in IR.
    assert normalise_phone("0532 123 45 67", "TR") == "+905321234567"
    with pytest.raises(ValidationError):
        normalise_phone("0532 123 45 67", "IR")


def test_email_addresses_are_lower_cased_and_validated() -> None:
    assert normalise_email("  Reza.Moradi@Example.COM ") == "reza.moradi@example.com"
    with pytest.raises(ValidationError):
        normalise_email("reza at example.com")


def test_messenger_handles_drop_the_at_sign() -> None:
    assert normalise_handle("@Reza_M") == "reza_m"
    with pytest.raises(ValidationError):
        normalise_handle("@")
