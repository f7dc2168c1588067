"""The BG/NBD and Gamma-Gamma fits find known parameters again and reproduce CDNOW."""

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from hamdel.value import clv, simulate


def _two_figures(value: float) -> str:
    return f"{value:.2g}"


def _cdnow_file() -> Path | None:
    """The CDNOW sample's summary as the lifetimes package ships it (its data, not its code)."""
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets"
    found = path / "cdnow_customers_summary_with_transactions.csv"
    return found if found.exists() else None


def test_the_fit_finds_the_parameters_the_data_were_drawn_from() -> None:
    truth = simulate.CDNOW_BGNBD
    summary = simulate.summary_of(simulate.simulate(20_000, seed=1))
    fitted = clv.fit(summary)
    found = (fitted.bgnbd.r, fitted.bgnbd.alpha, fitted.bgnbd.a, fitted.bgnbd.b)
    for got, want in zip(found, truth, strict=True):
        assert got == pytest.approx(want, rel=0.05)
    at_truth = clv.bgnbd_log_likelihood(truth, summary.frequency, summary.recency, summary.T)
    assert fitted.bgnbd.log_likelihood >= at_truth.sum()  # the maximum, not a point near it
    gg = fitted.gamma_gamma
    assert gg is not None
    for got, want in zip((gg.p, gg.q, gg.v), simulate.CDNOW_GAMMA_GAMMA, strict=True):
        assert got == pytest.approx(want, rel=0.1)


def test_a_bad_start_does_not_stop_the_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several starts: one far off still leaves the maximum to the others."""
    monkeypatch.setattr(clv, "BGNBD_STARTS", ((50.0, 1e4, 100.0, 1e-3), *clv.BGNBD_STARTS))
    summary = simulate.summary_of(simulate.simulate(1_500, seed=7))
    reference = clv.fit_bgnbd(summary.frequency, summary.recency, summary.T)
    monkeypatch.setattr(clv, "BGNBD_STARTS", clv.BGNBD_STARTS[1:])
    again = clv.fit_bgnbd(summary.frequency, summary.recency, summary.T)
    assert again.log_likelihood == pytest.approx(reference.log_likelihood, abs=1e-3)


@pytest.mark.skipif(_cdnow_file() is None, reason="the lifetimes package (CDNOW data) is absent")
def test_the_cdnow_sample_gives_the_published_estimates() -> None:
    """Fader, Hardie and Lee (2005): r=0.243, alpha=4.414, a=0.793, b=2.426, LL=-9582.4;
    Fader and Hardie's Gamma-Gamma note: p=6.25, q=3.74, v=15.44."""
    path = _cdnow_file()
    assert path is not None
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2357
    summary = clv.Summary(
        [row["ID"] for row in rows],
        np.array([float(row["x"]) for row in rows]),
        np.array([float(row["t_x"]) for row in rows]),
        np.array([float(row["T"]) for row in rows]),
        np.array([float(row["zbar"]) for row in rows]),
    )
    fitted = clv.fit(summary)
    m, gg = fitted.bgnbd, fitted.gamma_gamma
    assert gg is not None
    published = {
        "r": 0.243,
        "alpha": 4.414,
        "a": 0.793,
        "b": 2.426,
        "p": 6.25,
        "q": 3.74,
        "v": 15.44,
    }
    found = {"r": m.r, "alpha": m.alpha, "a": m.a, "b": m.b, "p": gg.p, "q": gg.q, "v": gg.v}
    for name, want in published.items():
        assert _two_figures(found[name]) == _two_figures(want), name
        assert found[name] == pytest.approx(want, rel=2e-3), name
    assert round(m.log_likelihood, 1) == -9582.4
    # The paper's worked example: a customer with x=2, t_x=30.43, T=38.86 is expected to
    # make 1.226 purchases in the next 39 weeks.
    one = np.array([2.0]), np.array([30.43]), np.array([38.86])
    assert clv.expected_purchases(m, 39, *one)[0] == pytest.approx(1.226, abs=1e-3)


def test_no_repeat_buyer_fails_with_a_reason() -> None:
    summary = clv.Summary(["1", "2"], np.zeros(2), np.zeros(2), np.full(2, 10.0), None)
    with pytest.raises(clv.FitError, match="bought twice"):
        clv.fit(summary)


def test_a_recency_beyond_the_age_is_refused() -> None:
    summary = clv.Summary(["1"], np.ones(1), np.full(1, 11.0), np.full(1, 10.0), None)
    with pytest.raises(clv.FitError, match="between 0 and T"):
        clv.fit(summary)


def test_transactions_become_the_summary_form_by_day() -> None:
    from datetime import date

    days = [date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 29)]
    days += [date(2026, 1, 8)]
    summary = clv.summarise(
        ["a", "a", "a", "a", "b"], days, [10.0, 5.0, 30.0, 50.0, 7.0], date(2026, 2, 5)
    )
    assert summary.customer_ids == ["a", "b"]
    assert list(summary.frequency) == [2, 0]  # the two orders of 1 January are one purchase
    assert list(summary.recency) == [4, 0]
    assert list(summary.T) == [5, 4]
    assert summary.monetary_value is not None
    assert list(summary.monetary_value) == [40, 0]  # the repeat purchases only
