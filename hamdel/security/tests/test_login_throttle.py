"""Failed logins are throttled per account and per IP, in the database all processes share."""

import pytest
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from hamdel.security import throttle
from hamdel.security.models import LoginFailure
from hamdel.security.throttle import client_ip
from hamdel.test import PASSWORD, Cast


def log_in(username: str, password: str, ip: str = "203.0.113.7") -> bool:
    client = Client(REMOTE_ADDR=ip)
    client.post("/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(
    cast: Cast,
) -> None:
    for _ in range(throttle.MAX_PER_ACCOUNT):
        assert not log_in("alice", "wrong")
    assert not log_in("alice", PASSWORD)
    assert not log_in("alice", PASSWORD, ip="198.51.100.9")  # another address does not help
    assert log_in("sam", PASSWORD)  # other accounts are unaffected


def test_one_address_is_locked_after_twenty_failures_across_accounts(cast: Cast) -> None:
    for attempt in range(throttle.MAX_PER_IP):
        assert not log_in(f"guess{attempt}", "wrong")
    assert not log_in("sam", PASSWORD)
    assert log_in("sam", PASSWORD, ip="198.51.100.9")


def test_the_lock_lifts_after_the_window_and_a_success_clears_the_count(cast: Cast) -> None:
    for _ in range(throttle.MAX_PER_ACCOUNT):
        log_in("alice", "wrong")
    LoginFailure.objects.update(at=LoginFailure.objects.earliest("at").at - throttle.WINDOW)
    assert log_in("alice", PASSWORD)
    assert not LoginFailure.objects.filter(username="alice").exists()


@pytest.mark.parametrize("username", ["ALICE", "alice"])
def test_failures_count_the_same_whatever_the_case_of_the_username(
    cast: Cast, username: str
) -> None:
    for _ in range(throttle.MAX_PER_ACCOUNT):
        log_in(username, "wrong")
    assert throttle.is_throttled("Alice", None)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy configured: the header is not trusted
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's claim
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: fall back to the peer
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(
    settings: Settings, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().post(
        "/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected
