"""Customers drawn from the BG/NBD and Gamma-Gamma models with known parameters: the tests
check that the fit finds those parameters again, and the benchmark fits them at scale."""

from dataclasses import dataclass

import numpy as np

from hamdel.value.clv import Summary

# The CDNOW estimates of Fader, Hardie and Lee (2005) and of the Gamma-Gamma note (2013).
CDNOW_BGNBD = (0.243, 4.414, 0.793, 2.426)
CDNOW_GAMMA_GAMMA = (6.25, 3.74, 15.44)


@dataclass(frozen=True)
class Purchases:
    """Every purchase (the first included) of every simulated customer, in weeks."""

    customer: np.ndarray  # index of the customer, 0..n-1
    week: np.ndarray  # time of the purchase since the customer's first
    amount: np.ndarray
    age: np.ndarray  # per customer: weeks from the first purchase to the end (T)


def simulate(
    customers: int,
    bgnbd: tuple[float, float, float, float] = CDNOW_BGNBD,
    gamma_gamma: tuple[float, float, float] = CDNOW_GAMMA_GAMMA,
    weeks: tuple[float, float] = (27.0, 39.0),
    seed: int = 2005,
) -> Purchases:
    """A customer's first purchase falls between the two ages (uniformly, as CDNOW's
    12-week cohort watched for 39 weeks); while alive they buy at rate lambda and drop out
    after each repeat purchase with probability p. Each purchase costs Gamma(p, nu), with
    nu ~ Gamma(q, v) per customer."""
    r, alpha, a, b = bgnbd
    p_gg, q_gg, v_gg = gamma_gamma
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1.0 / alpha, customers)
    dropout = rng.beta(a, b, customers)
    nu = rng.gamma(q_gg, 1.0 / v_gg, customers)
    age = rng.uniform(weeks[0], weeks[1], customers)
    who, when = [np.arange(customers)], [np.zeros(customers)]
    clock = np.zeros(customers)
    alive = np.ones(customers, dtype=bool)
    while alive.any():  # one round: every customer still buying makes their next purchase
        index = np.flatnonzero(alive)
        clock[index] += rng.exponential(1.0 / rate[index])
        bought = index[clock[index] < age[index]]
        who.append(bought)
        when.append(clock[bought].copy())
        alive[:] = False
        alive[bought] = rng.random(len(bought)) >= dropout[bought]
    customer = np.concatenate(who)
    spend = rng.gamma(p_gg, 1.0 / nu[customer])
    return Purchases(customer, np.concatenate(when), spend, age)


def summary_of(purchases: Purchases) -> Summary:
    """The summary form, straight from the simulated times (no rounding to days)."""
    n = len(purchases.age)
    count = np.bincount(purchases.customer, minlength=n)
    last = np.zeros(n)
    np.maximum.at(last, purchases.customer, purchases.week)
    total = np.bincount(purchases.customer, weights=purchases.amount, minlength=n)
    first = np.zeros(n)
    first[purchases.customer[purchases.week == 0]] = purchases.amount[purchases.week == 0]
    x = (count - 1).astype(np.float64)
    monetary = np.divide(total - first, x, out=np.zeros(n), where=x > 0)
    return Summary([str(i) for i in range(n)], x, last, purchases.age.copy(), monetary)
