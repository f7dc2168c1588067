"""Contact volume per interval: Holt-Winters with daily and weekly seasonality, its
backtest on the last weeks held out, and the seasonal-naive baseline it must beat.

Two seasons at once: each weekday's share of the volume is a weekly factor (Monday may
bring twice Friday's contacts); the series divided by it keeps the daily shape, which
statsmodels' ExponentialSmoothing fits with a season of one day. The forecast is the
daily fit times the weekday's factor. If Holt-Winters does not beat the baseline (same
interval a week earlier) on the held-out weeks, the baseline is the forecast, and the
page says so.
"""

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

Series = NDArray[np.float64]

HOLT_WINTERS = "holt_winters"
SEASONAL_NAIVE = "seasonal_naive"
INTERVALS = (15, 30, 60)


@dataclass(frozen=True)
class Error:
    mape: float | None  # percent, over the intervals that had contacts
    wape: float | None  # percent: Σ|error| / Σ actual


@dataclass(frozen=True)
class Forecast:
    values: Series  # contacts per interval, from the end of the history on
    method: str  # HOLT_WINTERS or SEASONAL_NAIVE: the one used for `values`
    model: Error  # Holt-Winters on the held-out weeks
    baseline: Error  # seasonal naive on the same weeks

    @property
    def beats_baseline(self) -> bool:
        return (
            self.model.wape is not None
            and self.baseline.wape is not None
            and self.model.wape < self.baseline.wape
        )


def bin_counts(
    instants: list[datetime], start: datetime, interval_minutes: int, count: int
) -> Series:
    """Contacts per interval from `start`; instants outside the range are left out."""
    step = interval_minutes * 60
    offsets = np.array([(t - start).total_seconds() // step for t in instants], dtype=np.int64)
    offsets = offsets[(offsets >= 0) & (offsets < count)]
    return np.bincount(offsets, minlength=count).astype(np.float64)


def error_of(actual: Series, predicted: Series) -> Error:
    total = float(actual.sum())
    absolute = np.abs(actual - predicted)
    positive = actual > 0
    mape = float((absolute[positive] / actual[positive]).mean() * 100) if positive.any() else None
    return Error(mape=mape, wape=float(absolute.sum() / total * 100) if total else None)


def seasonal_naive(history: Series, season: int, horizon: int) -> Series:
    """Each interval as it was one season (a week) earlier."""
    if len(history) < season:
        return np.zeros(horizon)
    last = history[-season:]
    return np.resize(last, horizon).astype(np.float64)


def holt_winters(history: Series, per_day: int, first_weekday: int, horizon: int) -> Series:
    """Daily Holt-Winters on the series with its weekday factors taken out; see the module."""
    from statsmodels.tsa.holtwinters import (  # type: ignore[import-untyped,unused-ignore]  # no stubs; heavy, so loaded on use
        ExponentialSmoothing,
    )

    days = len(history) // per_day
    history = history[: days * per_day]
    weekdays = (first_weekday + np.arange(days)) % 7
    daily = history.reshape(days, per_day).sum(axis=1)
    mean = daily.mean()
    if mean == 0:
        return np.zeros(horizon)
    factors = np.array(
        [daily[weekdays == d].mean() / mean if (weekdays == d).any() else 1.0 for d in range(7)]
    )
    safe = np.where(factors > 0, factors, 1.0)
    per_interval = np.repeat(safe[weekdays], per_day)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence notes on flat series
        fitted = ExponentialSmoothing(
            history / per_interval,
            trend=None,
            seasonal="add",
            seasonal_periods=per_day,
            initialization_method="heuristic",
        ).fit(use_brute=False)  # the brute-force start grid costs 15x the fit itself
        ahead = np.asarray(fitted.forecast(horizon), dtype=np.float64)
    ahead_days = (first_weekday + days + np.arange(horizon) // per_day) % 7
    return np.asarray(np.clip(ahead * factors[ahead_days], 0, None), dtype=np.float64)


def forecast(
    history: Series, interval_minutes: int, first_weekday: int, horizon: int, holdout_weeks: int = 1
) -> Forecast:
    """`history` starts at a midnight whose weekday (Monday 0) is `first_weekday`."""
    per_day = 24 * 60 // interval_minutes
    week = 7 * per_day
    days = len(history) // per_day
    history = history[: days * per_day]
    # Days before the first contact are no history (a new team, a new channel): leave them out.
    quiet_days = int(np.argmax(history > 0)) // per_day if history.any() else days
    history = history[quiet_days * per_day :]
    first_weekday = (first_weekday + quiet_days) % 7
    held = holdout_weeks * week
    if len(history) < held + 2 * week:  # two weeks to fit weekday factors, one to test
        return Forecast(
            seasonal_naive(history, week if len(history) >= week else per_day, horizon),
            SEASONAL_NAIVE,
            Error(None, None),
            Error(None, None),
        )
    train, test = history[:-held], history[-held:]
    model = error_of(test, holt_winters(train, per_day, first_weekday, held))
    baseline = error_of(test, seasonal_naive(train, week, held))
    result = Forecast(np.zeros(horizon), HOLT_WINTERS, model, baseline)
    if result.beats_baseline:
        values = holt_winters(history, per_day, first_weekday, horizon)
        return Forecast(values, HOLT_WINTERS, model, baseline)
    return Forecast(seasonal_naive(history, week, horizon), SEASONAL_NAIVE, model, baseline)


def midnight_before(instant: datetime) -> datetime:
    return instant.replace(hour=0, minute=0, second=0, microsecond=0)


def history_start(day_start: datetime, weeks: int) -> datetime:
    return day_start - timedelta(weeks=weeks)
