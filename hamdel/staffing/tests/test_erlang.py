"""Erlang C and A against independent references, from 1 to 10,000 agents.

The references do not share the app's recursion or series: Erlang C comes from exact
fractions (small n) and from SciPy's Poisson distribution (any n); Erlang A from Palm's
closed form with SciPy's regularised incomplete gamma (Garnett, Mandelbaum & Reiman).
"""

import math
from fractions import Fraction

import pytest
from scipy import special, stats  # type: ignore[import-untyped,unused-ignore]  # no stubs shipped

from hamdel.staffing import erlang

TOLERANCE = 1e-6


def exact_erlang_c(n: int, load: Fraction) -> Fraction:
    """The textbook formula with exact rationals: a^n/n! · n/(n-a) over the whole sum."""
    terms = [load**k / math.factorial(k) for k in range(n)]
    top = load**n / math.factorial(n) * n / (n - load)
    return top / (sum(terms) + top)


def poisson_erlang_c(n: int, load: float) -> float:
    """The same formula with Poisson weights (e^-a a^k/k!), which SciPy computes stably."""
    top = stats.poisson.pmf(n, load) * n / (n - load)
    return float(top / (stats.poisson.cdf(n - 1, load) + top))


def reference_c(n: int, load: float, aht: float, t: float) -> dict[str, float]:
    c = poisson_erlang_c(n, load)
    return {
        "probability_wait": c,
        "service_level": 1 - c * math.exp(-(n - load) * t / aht),
        "asa_seconds": c * aht / (n - load),
        "occupancy": load / n,
    }


def reference_a(n: int, load: float, aht: float, patience: float, t: float) -> dict[str, float]:
    """Palm's M/M/n+M with γ(s, z) = gammainc(s, z)·Γ(s), all in logs."""
    mu, theta = 1 / aht, 1 / patience
    lam = load * mu
    x, y = n * mu / theta, lam / theta

    def log_lower_gamma(s: float, z: float) -> float:
        return math.log(special.gammainc(s, z)) + float(special.gammaln(s))

    blocking = stats.poisson.pmf(n, load) / stats.poisson.cdf(n, load)
    log_scale = math.log(x) + y - x * math.log(y)  # x·e^y·y^-x
    s = math.exp(log_scale + log_lower_gamma(x, y))
    pi_n = 1 / (1 / blocking + s - 1)
    u = math.exp(-theta * t)
    answered_late = (
        math.exp(log_scale - math.log(y) + log_lower_gamma(x + 1, y))
        - math.exp(log_scale - math.log(y) + log_lower_gamma(x + 1, y * u))
    ) * pi_n
    wait = pi_n * s
    abandon = wait * (1 - 1 / (lam / (n * mu)) + 1 / (lam / (n * mu) * s))
    return {
        "probability_wait": wait,
        "service_level": 1 - wait + answered_late,
        "asa_seconds": abandon * patience,
        "occupancy": load * (1 - abandon) / n,
        "abandon_rate": abandon,
    }


def assert_close(got: erlang.Staffing, want: dict[str, float]) -> None:
    for name, value in want.items():
        assert getattr(got, name) == pytest.approx(value, abs=TOLERANCE, rel=TOLERANCE), name


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 21, 40])
def test_erlang_c_matches_exact_fractions_for_small_teams(n: int) -> None:
    for load in (Fraction(n, 2), Fraction(9 * n, 10), Fraction(n * 99, 100)):
        assert erlang.erlang_c(n, float(load)) == pytest.approx(
            float(exact_erlang_c(n, load)), abs=1e-12
        )


@pytest.mark.parametrize("n", [1, 10, 100, 500, 1000, 2500, 5000, 7500, 10_000])
@pytest.mark.parametrize("utilisation", [0.5, 0.85, 0.97, 0.995])
def test_erlang_c_figures_match_the_poisson_reference_up_to_ten_thousand_agents(
    n: int, utilisation: float
) -> None:
    aht = 300.0
    load = n * utilisation
    calls = load / aht * 1800  # per 30 minutes
    got = erlang.figures(n, calls=calls, interval_minutes=30, aht=aht, target_seconds=20)
    assert_close(got, reference_c(n, load, aht, 20))


def test_twenty_thousand_calls_per_half_hour_is_the_smallest_team_meeting_80_in_20() -> None:
    found = erlang.required_agents(
        calls=20_000, interval_minutes=30, aht=300, target_sl=0.8, target_seconds=20
    )
    load = 20_000 / 1800 * 300
    assert_close(found, reference_c(found.agents, load, 300, 20))
    assert reference_c(found.agents, load, 300, 20)["service_level"] >= 0.8
    assert reference_c(found.agents - 1, load, 300, 20)["service_level"] < 0.8
    assert 3334 <= found.agents < 3400


@pytest.mark.parametrize(
    ("n", "load", "patience"),
    [
        (1, 0.6, 60.0),
        (3, 3.5, 30.0),
        (12, 10.0, 60.0),
        (50, 55.0, 120.0),
        (400, 380.0, 180.0),
        (2000, 2100.0, 300.0),
        (3300, 3333.3, 120.0),
        (10_000, 9_900.0, 600.0),
    ],
)
def test_erlang_a_figures_match_palms_formulas(n: int, load: float, patience: float) -> None:
    aht = 300.0
    calls = load / aht * 1800
    got = erlang.figures(
        n, calls=calls, interval_minutes=30, aht=aht, target_seconds=20, patience=patience
    )
    assert_close(got, reference_a(n, load, aht, patience, 20))


def test_erlang_a_staffing_is_the_smallest_team_meeting_the_target() -> None:
    found = erlang.required_agents(
        calls=20_000,
        interval_minutes=30,
        aht=300,
        target_sl=0.8,
        target_seconds=20,
        patience=120,
    )
    load = 20_000 / 1800 * 300
    assert_close(found, reference_a(found.agents, load, 300, 120, 20))
    assert reference_a(found.agents - 1, load, 300, 120, 20)["service_level"] < 0.8


def test_erlang_a_with_endless_patience_is_erlang_c() -> None:
    common = {"calls": 100, "interval_minutes": 30, "aht": 180, "target_seconds": 20}
    a = erlang.figures(14, patience=1e12, **common)
    c = erlang.figures(14, **common)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-6)
    assert a.probability_wait == pytest.approx(c.probability_wait, abs=1e-6)


def test_shrinkage_schedules_more_agents_than_answer_the_phone() -> None:
    found = erlang.required_agents(
        calls=100, interval_minutes=30, aht=180, target_sl=0.8, target_seconds=20, shrinkage=0.3
    )
    assert found.agents == 14
    assert found.scheduled_agents == 20  # 14 / 0.7
    assert set(found.as_json()) == {
        "agents",
        "service_level",
        "probability_wait",
        "asa_seconds",
        "occupancy",
        "scheduled_agents",
    }


def test_no_calls_need_no_agents() -> None:
    found = erlang.required_agents(
        calls=0, interval_minutes=30, aht=180, target_sl=0.8, target_seconds=20
    )
    assert found.agents == 0
    assert found.service_level == 1


def test_nonsense_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="target_sl"):
        erlang.required_agents(
            calls=10, interval_minutes=30, aht=180, target_sl=1.5, target_seconds=20
        )
