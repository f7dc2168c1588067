"""The forecast: Holt-Winters with daily and weekly seasons against the seasonal naive."""

import numpy as np

from hamdel.staffing.forecast import (
    HOLT_WINTERS,
    SEASONAL_NAIVE,
    bin_counts,
    error_of,
    forecast,
    seasonal_naive,
)

PER_DAY = 48  # 30-minute intervals


def _contacts(weeks: int, seed: int = 7) -> np.ndarray:
    """A day shape (busy late morning) times weekday factors (Friday quiet), with noise."""
    hours = np.arange(PER_DAY) / 2
    day_shape = 2 + 30 * np.exp(-(((hours - 11) / 3) ** 2))
    weekday = np.array([1.3, 1.2, 1.1, 1.0, 0.5, 0.7, 1.2])
    rate = np.concatenate([day_shape * weekday[d % 7] for d in range(weeks * 7)])
    return np.random.default_rng(seed).poisson(rate).astype(np.float64)


def test_holt_winters_beats_the_seasonal_naive_baseline_on_the_held_out_week() -> None:
    history = _contacts(weeks=8)
    result = forecast(history, 30, first_weekday=0, horizon=PER_DAY)
    assert result.method == HOLT_WINTERS
    assert result.beats_baseline
    assert result.model.wape is not None
    assert result.baseline.wape is not None
    assert result.model.wape < result.baseline.wape
    assert result.model.mape is not None
    assert len(result.values) == PER_DAY
    # Monday late morning is the week's busiest half hour, the small hours the quietest
    assert result.values[22] > 5 * result.values[4]


def test_too_little_history_repeats_the_last_day_and_says_there_is_no_backtest() -> None:
    history = np.zeros(PER_DAY * 3)
    history[-PER_DAY + 20] = 4
    result = forecast(history, 30, first_weekday=0, horizon=PER_DAY)
    assert result.method == SEASONAL_NAIVE
    assert result.model.wape is None
    assert result.values[20] == 4


def test_errors_are_percentages_and_skip_empty_intervals_in_mape() -> None:
    actual = np.array([10.0, 0.0, 10.0])
    predicted = np.array([8.0, 1.0, 12.0])
    error = error_of(actual, predicted)
    assert error.mape == 20.0
    assert error.wape == 25.0  # (2 + 1 + 2) / 20


def test_the_seasonal_naive_repeats_the_last_season() -> None:
    assert list(seasonal_naive(np.array([1.0, 2, 3, 4]), 2, 3)) == [3, 4, 3]


def test_contacts_are_counted_in_their_interval() -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 12, 1, tzinfo=UTC)
    times = [start + timedelta(minutes=m) for m in (0, 14, 15, 59, 60, -1)]
    assert list(bin_counts(times, start, 15, 4)) == [2, 1, 0, 1]
