"""Customer lifetime value: the BG/NBD and Gamma-Gamma models, fitted by maximum likelihood.

Pure NumPy/SciPy, no Django: the CLI, the nightly job and the benchmark call the same code.

- BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): while
  alive a customer buys at rate lambda ~ Gamma(r, alpha); after each purchase they drop out
  with probability p ~ Beta(a, b). Data per customer: frequency x (repeat purchases),
  recency t_x (time of the last purchase since the first) and age T (time since the first),
  in one time unit (weeks here, as in the paper).
- Gamma-Gamma (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie 2013 note): the
  mean spend of a customer's repeat purchases, given x > 0, with parameters p, q, v.

The log-likelihoods are written in log space (gammaln, logaddexp) with their analytic
gradients, and maximised with bounded L-BFGS-B on the logarithms of the parameters from
several starting points; the best converged start wins. On the CDNOW sample (2,357
customers) this gives r=0.243, alpha=4.414, a=0.793, b=2.426 (log-likelihood -9582.4) and
p=6.25, q=3.74, v=15.44, the published figures.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize  # type: ignore[import-untyped]  # SciPy ships no hints
from scipy.special import gammaln, hyp2f1, psi  # type: ignore[import-untyped]

Floats = NDArray[np.float64]

DAYS_PER_UNIT = 7.0  # the time unit of frequency, recency and T: weeks, as in the paper
# Parameters are searched for between these (on the log scale): wide enough for any
# sensible data, finite so that a degenerate data set stops at a bound instead of drifting.
LOWER, UPPER = 1e-6, 1e6
BGNBD_STARTS: tuple[tuple[float, float, float, float], ...] = (
    (1.0, 1.0, 1.0, 1.0),
    (0.5, 5.0, 0.5, 2.0),
    (2.0, 20.0, 2.0, 5.0),
)
GG_STARTS: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (5.0, 3.0, 10.0))


class FitError(Exception):
    """The data cannot be fitted; the message says why, in words a support lead reads."""


@dataclass(frozen=True)
class Summary:
    """The literature's summary form, one entry per customer (time in weeks)."""

    customer_ids: list[str]
    frequency: Floats
    recency: Floats
    T: Floats
    monetary_value: Floats | None  # mean spend of the repeat purchases (0 when x = 0)
    transactions: int = 0  # how many rows made it (0 when read in summary form)

    def __len__(self) -> int:
        return len(self.customer_ids)


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    v: float
    log_likelihood: float


@dataclass(frozen=True)
class Fit:
    bgnbd: BgNbd
    gamma_gamma: GammaGamma | None  # None when no monetary values were given
    customers: int

    def as_json(self) -> dict[str, Any]:
        """The `hamdel clv fit --json` shape (docs/value.md)."""
        gg = self.gamma_gamma
        return {
            "bgnbd": {
                "r": self.bgnbd.r,
                "alpha": self.bgnbd.alpha,
                "a": self.bgnbd.a,
                "b": self.bgnbd.b,
            },
            "gamma_gamma": {"p": gg.p, "q": gg.q, "v": gg.v} if gg else None,
            "customers": self.customers,
            "log_likelihood": self.bgnbd.log_likelihood,
        }


# ----- the summary form --------------------------------------------------------------------


def summarise(
    customer_ids: Sequence[str],
    days: Sequence[date] | NDArray[np.int64],
    amounts: Sequence[float] | Floats,
    observed_until: date | None = None,
) -> Summary:
    """Transactions (one row each) to the summary form. Purchases on the same day count as
    one (their amounts add up), as in the literature; the first purchase is not a repeat,
    so the mean spend is over the later days. The observation ends at `observed_until`,
    by default the last day in the data."""
    if len(customer_ids) == 0:
        raise FitError("There are no transactions.")
    ordinals = (
        np.asarray(days, dtype=np.int64)
        if isinstance(days, np.ndarray)
        else np.fromiter((day.toordinal() for day in days), dtype=np.int64, count=len(days))
    )
    spend = np.asarray(amounts, dtype=np.float64)
    names, customer = np.unique(np.asarray(customer_ids), return_inverse=True)
    end = observed_until.toordinal() if observed_until else int(ordinals.max())
    # One entry per (customer, day): customers' indices are dense, so the pair is one int.
    span = int(ordinals.max() - ordinals.min()) + 1
    pair = customer.astype(np.int64) * span + (ordinals - ordinals.min())
    pairs, inverse = np.unique(pair, return_inverse=True)
    day_spend = np.bincount(inverse, weights=spend, minlength=len(pairs))
    owner = pairs // span
    day = pairs % span + ordinals.min()
    count = np.bincount(owner, minlength=len(names))
    first_at = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # pairs are sorted
    first_day = day[first_at]
    last_day = day[np.r_[first_at[1:] - 1, len(pairs) - 1]]
    total = np.bincount(owner, weights=day_spend, minlength=len(names))
    frequency = (count - 1).astype(np.float64)
    repeat_spend = total - day_spend[first_at]
    monetary = np.divide(
        repeat_spend, frequency, out=np.zeros_like(repeat_spend), where=frequency > 0
    )
    return Summary(
        customer_ids=[str(name) for name in names],
        frequency=frequency,
        recency=(last_day - first_day) / DAYS_PER_UNIT,
        T=(end - first_day) / DAYS_PER_UNIT,
        monetary_value=monetary,
        transactions=len(spend),
    )


def check_summary(summary: Summary) -> None:
    """Refuse data the models cannot describe, saying which rows and why."""
    if len(summary) == 0:
        raise FitError("There are no customers to fit.")
    x, tx, T = summary.frequency, summary.recency, summary.T
    if not (np.isfinite(x).all() and np.isfinite(tx).all() and np.isfinite(T).all()):
        raise FitError("Some frequency, recency or T values are not numbers.")
    if (x < 0).any() or (np.floor(x) != x).any():
        raise FitError("Frequency must be a whole number of repeat purchases, 0 or more.")
    if (tx < 0).any() or (tx > T + 1e-9).any():
        raise FitError("Recency must be between 0 and T (the customer's age).")
    if ((x == 0) & (tx > 0)).any():
        raise FitError("A customer with no repeat purchase must have recency 0.")
    if not (x > 0).any():
        raise FitError("No customer has bought twice: the purchase rate cannot be estimated.")
    if (T <= 0).all():
        raise FitError("Every customer is new today (T = 0): there is no history to fit.")


# ----- BG/NBD ------------------------------------------------------------------------------


def bgnbd_log_likelihood(params: Iterable[float], x: Floats, tx: Floats, T: Floats) -> Floats:
    """Each customer's log-likelihood (Fader, Hardie and Lee 2005, equation 6)."""
    r, alpha, a, b = params
    base = (
        gammaln(r + x)
        - gammaln(r)
        + r * np.log(alpha)
        + gammaln(a + b)
        + gammaln(b + x)
        - gammaln(b)
        - gammaln(a + b + x)
    )
    still = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    gone = np.full_like(x, -np.inf)
    gone[repeat] = (
        np.log(a) - np.log(b + x[repeat] - 1) - (r + x[repeat]) * np.log(alpha + tx[repeat])
    )
    return np.asarray(base + np.logaddexp(still, gone), dtype=np.float64)


def _bgnbd_objective(
    theta: Floats, x: Floats, tx: Floats, T: Floats, weights: Floats, counts: "_Counts"
) -> tuple[float, Floats]:
    """Minus the mean log-likelihood, and its gradient in log-parameters. The special
    functions depend on x alone, so they are computed once per distinct x (`counts`)."""
    r, alpha, a, b = np.exp(theta)
    xs, at = counts.values, counts.index
    repeat = x > 0
    log_T, log_tx = np.log(alpha + T), np.log(alpha + tx)
    still = -(r + x) * log_T
    gone = np.full_like(x, -np.inf)
    gone[repeat] = np.log(a) - np.log(b + x[repeat] - 1) - (r + x[repeat]) * log_tx[repeat]
    mixed = np.logaddexp(still, gone)
    w_still, w_gone = np.exp(still - mixed), np.exp(gone - mixed)
    by_x = (
        gammaln(r + xs)
        - gammaln(r)
        + r * np.log(alpha)
        + gammaln(a + b)
        + gammaln(b + xs)
        - gammaln(b)
        - gammaln(a + b + xs)
    )
    ll = by_x[at] + mixed
    d_r = (psi(r + xs) - psi(r) + np.log(alpha))[at] - w_still * log_T - w_gone * log_tx
    d_alpha = r / alpha - (r + x) * (w_still / (alpha + T) + w_gone / (alpha + tx))
    d_a = (psi(a + b) - psi(a + b + xs))[at] + w_gone / a
    b_term = np.zeros_like(x)
    b_term[repeat] = 1.0 / (b + x[repeat] - 1)
    d_b = (psi(a + b) + psi(b + xs) - psi(b) - psi(a + b + xs))[at] - w_gone * b_term
    total = weights.sum()
    gradient = np.array(
        [
            r * (weights * d_r).sum(),
            alpha * (weights * d_alpha).sum(),
            a * (weights * d_a).sum(),
            b * (weights * d_b).sum(),
        ]
    )
    return -float((weights * ll).sum() / total), -gradient / total


@dataclass(frozen=True)
class _Counts:
    """The distinct frequencies and, per customer, which one is theirs."""

    values: Floats
    index: NDArray[np.intp]

    @classmethod
    def of(cls, x: Floats) -> "_Counts":
        values, index = np.unique(x, return_inverse=True)
        return cls(values, index)


def _compress(*columns: Floats) -> tuple[list[Floats], Floats]:
    """Identical customers (same x, t_x, T) weigh in once with a count: the likelihood is a
    sum over customers, and real data repeats itself (every one-time buyer of a week)."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(len(columns))], counts.astype(np.float64)


def _best(
    objective: Any, starts: Sequence[Sequence[float]], args: tuple[Any, ...], what: str
) -> Floats:
    bounds = [(np.log(LOWER), np.log(UPPER))] * len(starts[0])
    best: Any = None
    reasons = []
    for start in starts:
        with np.errstate(all="ignore"):
            result = minimize(
                objective,
                np.log(np.asarray(start, dtype=np.float64)),
                args=args,
                jac=True,
                method="L-BFGS-B",
                bounds=bounds,
                options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
            )
        if not np.isfinite(result.fun):
            reasons.append("the likelihood was not finite")
            continue
        if best is None or result.fun < best.fun:
            best = result
    if best is None:
        raise FitError(f"The {what} fit did not converge ({'; '.join(reasons)}).")
    at_bound = (np.abs(best.x - np.log(LOWER)) < 1e-6) | (np.abs(best.x - np.log(UPPER)) < 1e-6)
    if at_bound.any():
        raise FitError(
            f"The {what} fit ran to the edge of the parameter space: the data do not pin the "
            "model down (too few customers, or all alike)."
        )
    return np.asarray(np.exp(best.x), dtype=np.float64)


def fit_bgnbd(x: Floats, tx: Floats, T: Floats) -> BgNbd:
    (ux, utx, uT), weights = _compress(x, tx, T)
    scale = max(float(np.mean(T)), 1e-3)  # alpha is in the data's time unit
    starts = [(r, alpha * scale / 10, a, b) for r, alpha, a, b in BGNBD_STARTS]
    args = (ux, utx, uT, weights, _Counts.of(ux))
    r, alpha, a, b = _best(_bgnbd_objective, starts, args, "BG/NBD")
    ll = float((weights * bgnbd_log_likelihood((r, alpha, a, b), ux, utx, uT)).sum())
    return BgNbd(float(r), float(alpha), float(a), float(b), ll)


def expected_purchases(model: BgNbd, t: float, x: Floats, tx: Floats, T: Floats) -> Floats:
    """Expected purchases in the next `t` time units, given each customer's history
    (Fader, Hardie and Lee 2005, equation 10)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    with np.errstate(all="ignore"):
        z = t / (alpha + T + t)
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        value = head * tail * probability_alive(model, x, tx, T)
    return np.asarray(np.nan_to_num(value, nan=0.0, posinf=0.0), dtype=np.float64)


def probability_alive(model: BgNbd, x: Floats, tx: Floats, T: Floats) -> Floats:
    """P(still a customer | history) (Fader, Hardie and Lee 2008 note, equation 1)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    odds = np.zeros_like(x)
    repeat = x > 0
    with np.errstate(all="ignore"):
        odds[repeat] = np.exp(
            np.log(a)
            - np.log(b + x[repeat] - 1)
            + (r + x[repeat]) * (np.log(alpha + T[repeat]) - np.log(alpha + tx[repeat]))
        )
    return np.asarray(1.0 / (1.0 + odds), dtype=np.float64)


# ----- Gamma-Gamma -------------------------------------------------------------------------


def gamma_gamma_log_likelihood(params: Iterable[float], x: Floats, m: Floats) -> Floats:
    p, q, v = params
    return np.asarray(
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(x * m + v),
        dtype=np.float64,
    )


def _gg_objective(
    theta: Floats, x: Floats, m: Floats, weights: Floats, counts: _Counts
) -> tuple[float, Floats]:
    p, q, v = np.exp(theta)
    xs, at = counts.values, counts.index
    log_spent = np.log(x * m + v)
    log_m, log_x = np.log(m), np.log(x)
    ll = (
        (gammaln(p * xs + q) - gammaln(p * xs) - gammaln(q))[at]
        + q * np.log(v)
        + (p * x - 1) * log_m
        + p * x * log_x
        - (p * x + q) * log_spent
    )
    d_p = (xs * (psi(p * xs + q) - psi(p * xs)))[at] + x * (log_m + log_x - log_spent)
    d_q = (psi(p * xs + q) - psi(q))[at] + np.log(v) - log_spent
    d_v = q / v - (p * x + q) / (x * m + v)
    total = weights.sum()
    gradient = np.array(
        [p * (weights * d_p).sum(), q * (weights * d_q).sum(), v * (weights * d_v).sum()]
    )
    return -float((weights * ll).sum() / total), -gradient / total


def fit_gamma_gamma(x: Floats, m: Floats) -> GammaGamma:
    """Fitted on the customers with repeat purchases and a positive mean spend."""
    usable = (x > 0) & (m > 0) & np.isfinite(m)
    if usable.sum() < 2:
        raise FitError("Fewer than two customers bought twice with a positive amount.")
    (ux, um), weights = _compress(x[usable], m[usable])
    scale = float(np.mean(m[usable]))
    starts = [(p, q, v * scale / 10) for p, q, v in GG_STARTS]
    p, q, v = _best(_gg_objective, starts, (ux, um, weights, _Counts.of(ux)), "Gamma-Gamma")
    ll = float((weights * gamma_gamma_log_likelihood((p, q, v), ux, um)).sum())
    return GammaGamma(float(p), float(q), float(v), ll)


def expected_spend(model: GammaGamma, x: Floats, m: Floats) -> Floats:
    """Expected mean spend per purchase given the history; the population mean for
    customers with no repeat purchase (defined when q > 1)."""
    p, q, v = model.p, model.q, model.v
    population = p * v / (q - 1) if q > 1 else 0.0
    with np.errstate(all="ignore"):
        given = (q - 1) / (p * x + q - 1) * population + (p * x) / (p * x + q - 1) * m
    return np.asarray(np.where(x > 0, given, population), dtype=np.float64)


# ----- together ----------------------------------------------------------------------------


def fit(summary: Summary) -> Fit:
    check_summary(summary)
    bgnbd = fit_bgnbd(summary.frequency, summary.recency, summary.T)
    gg = None
    if summary.monetary_value is not None:
        gg = fit_gamma_gamma(summary.frequency, summary.monetary_value)
    return Fit(bgnbd=bgnbd, gamma_gamma=gg, customers=len(summary))


@dataclass(frozen=True)
class Predictions:
    expected_purchases: Floats
    probability_alive: Floats
    expected_spend: Floats
    lifetime_value: Floats


def predict(model: Fit, summary: Summary, horizon: float) -> Predictions:
    """Per customer: purchases expected in the next `horizon` weeks, the probability of
    being alive, the expected spend per purchase and their product, the lifetime value
    over the horizon (undiscounted)."""
    x, tx, T = summary.frequency, summary.recency, summary.T
    purchases = expected_purchases(model.bgnbd, horizon, x, tx, T)
    alive = probability_alive(model.bgnbd, x, tx, T)
    if model.gamma_gamma is not None and summary.monetary_value is not None:
        spend = expected_spend(model.gamma_gamma, x, summary.monetary_value)
    else:
        spend = np.zeros_like(x)
    return Predictions(purchases, alive, spend, purchases * spend)
