"""Erlang C (M/M/N) and Erlang A (M/M/N+M) staffing, exact and stable to any size.

No factorials: Erlang B comes from its recursion B(n) = a·B(n-1) / (n + a·B(n-1)), which
stays in [0, 1] for every n, and Erlang C from B (C = n·B / (n - a·(1 - B))).

Erlang A (Palm; Garnett, Mandelbaum & Reiman 2002) adds exponential patience with mean
`patience` seconds. With λ calls per second, μ = 1/AHT, θ = 1/patience, x = nμ/θ and
y = λ/θ, the states above n agents busy weigh, relative to "all n busy",

    G(x, y) = Σ_{j≥0} y^j / ((x+1)(x+2)…(x+j))        (= x·e^y·y^(-x)·γ(x, y))

and everything follows from G, summed here in log space (`_log_g`):

- P(wait) = G / (1/B + G - 1)
- P(abandon | wait) = 1 - 1/ρ + 1/(ρ·G), with ρ = λ/(nμ)
- P(answered within t | wait) = (1/ρ)(1 - 1/G) - x/(x+1) · u^(x+1) · e^(y(1-u)) · G(x+1, y·u) / G,
  with u = e^(-θt)

`service_level` is the share of all calls answered within t seconds (an abandoned call
misses the target); `asa_seconds` is the mean wait over all calls, waiting or not, so in
Erlang A it is P(abandon)·patience (Little's law). With no patience both reduce to
Erlang C's figures.
"""

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

# Agents tried at most when searching: beyond this a target is unreachable in practice.
MAX_AGENTS = 1_000_000


@dataclass(frozen=True)
class Staffing:
    agents: int
    service_level: float
    probability_wait: float
    asa_seconds: float
    occupancy: float
    abandon_rate: float | None = None  # Erlang A only
    scheduled_agents: int | None = None  # with shrinkage only

    def as_json(self) -> dict[str, Any]:
        """The CLI's and API's --json shape: the optional figures only when asked for."""
        shown = asdict(self)
        for optional in ("abandon_rate", "scheduled_agents"):
            if shown[optional] is None:
                del shown[optional]
        return shown


def offered_load(calls: float, interval_minutes: float, aht_seconds: float) -> float:
    """Traffic in Erlangs: arrivals per second times the average handling time."""
    if interval_minutes <= 0 or aht_seconds <= 0 or calls < 0:
        raise ValueError("calls must be >= 0, interval and AHT > 0")
    return calls / (interval_minutes * 60) * aht_seconds


def erlang_b(agents: int, load: float) -> float:
    """The blocking probability of M/M/n/n, by the stable recursion."""
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


def erlang_c_from_b(agents: int, load: float, b: float) -> float:
    if agents <= load:
        return 1.0
    return agents * b / (agents - load * (1 - b))


def erlang_c(agents: int, load: float) -> float:
    """The probability that a call waits (M/M/n)."""
    return erlang_c_from_b(agents, load, erlang_b(agents, load))


def _figures_c(agents: int, load: float, b: float, aht: float, target_seconds: float) -> Staffing:
    if agents <= load:
        return Staffing(agents, 0.0, 1.0, math.inf, 1.0 if agents else 0.0)
    c = erlang_c_from_b(agents, load, b)
    level = 1 - c * math.exp(-(agents - load) * target_seconds / aht)
    return Staffing(
        agents=agents,
        service_level=level,
        probability_wait=c,
        asa_seconds=c * aht / (agents - load),
        occupancy=load / agents,
    )


def _log_g(x: float, y: float) -> float:
    """log G(x, y) = log Σ_{j≥0} y^j / ((x+1)…(x+j)); terms rise until j ≈ y - x, then fall."""
    if y <= 0:
        return 0.0
    peak = max(0.0, y - x)
    # Past the peak the terms fall like a Gaussian of width about sqrt(y): 40 widths and a
    # margin leave the rest below 1e-300 of the sum.
    count = int(peak + 40 * math.sqrt(y + 1) + 60)
    j = np.arange(1, count + 1, dtype=np.float64)
    log_terms = np.cumsum(math.log(y) - np.log(x + j))
    top = max(0.0, float(log_terms.max()))
    return top + math.log(math.exp(-top) + float(np.exp(log_terms - top).sum()))


def _figures_a(
    agents: int, load: float, b: float, aht: float, patience: float, target_seconds: float
) -> Staffing:
    if agents == 0:
        return Staffing(0, 0.0, 1.0, patience, 0.0, abandon_rate=1.0)
    mu, theta = 1 / aht, 1 / patience
    lam = load * mu
    x, y = agents * mu / theta, lam / theta
    rho = lam / (agents * mu)
    log_g = _log_g(x, y)
    inv_g = math.exp(-log_g)
    # P(wait) = G / (1/B + G - 1), written so that a huge G cannot overflow.
    wait = 1 / (1 + (1 / b - 1) * inv_g)
    abandon_if_wait = 1 - 1 / rho + inv_g / rho
    log_u = -theta * target_seconds
    u = math.exp(log_u)
    late = math.exp(
        math.log(x / (x + 1)) + (x + 1) * log_u + y * (1 - u) + _log_g(x + 1, y * u) - log_g
    )
    answered_in_time_if_wait = max(0.0, (1 - inv_g) / rho - late)
    abandon = wait * abandon_if_wait
    return Staffing(
        agents=agents,
        service_level=1 - wait + wait * answered_in_time_if_wait,
        probability_wait=wait,
        asa_seconds=abandon * patience,
        occupancy=load * (1 - abandon) / agents,
        abandon_rate=abandon,
    )


def figures(
    agents: int,
    *,
    calls: float,
    interval_minutes: float,
    aht: float,
    target_seconds: float,
    patience: float | None = None,
) -> Staffing:
    """The service figures of a given number of agents."""
    load = offered_load(calls, interval_minutes, aht)
    b = erlang_b(agents, load)
    if patience:
        return _figures_a(agents, load, b, aht, patience, target_seconds)
    return _figures_c(agents, load, b, aht, target_seconds)


def required_agents(
    *,
    calls: float,
    interval_minutes: float,
    aht: float,
    target_sl: float,
    target_seconds: float,
    patience: float | None = None,
    shrinkage: float | None = None,
) -> Staffing:
    """The fewest agents whose service level meets `target_sl` of calls answered within
    `target_seconds`, with their figures; `shrinkage` (a share of paid time off the
    phones: breaks, training, absence) gives the agents to schedule on top."""
    if not 0 < target_sl < 1:
        raise ValueError("target_sl must be between 0 and 1")
    if target_seconds < 0:
        raise ValueError("target_seconds must be >= 0")
    if patience is not None and patience <= 0:
        raise ValueError("patience must be > 0")
    if shrinkage is not None and not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be in [0, 1)")
    load = offered_load(calls, interval_minutes, aht)
    if load == 0:
        found = Staffing(0, 1.0, 0.0, 0.0, 0.0, abandon_rate=0.0 if patience else None)
    elif patience:
        found = _search_a(load, aht, patience, target_sl, target_seconds)
    else:
        found = _search_c(load, aht, target_sl, target_seconds)
    if shrinkage is not None:
        scheduled = math.ceil(found.agents / (1 - shrinkage) - 1e-9)
        found = Staffing(**{**asdict(found), "scheduled_agents": scheduled})
    return found


def _search_c(load: float, aht: float, target_sl: float, target_seconds: float) -> Staffing:
    """Walk n upwards from the first stable size, carrying B along: O(n) in all."""
    n = math.floor(load) + 1
    b = erlang_b(n, load)
    while n < MAX_AGENTS:
        found = _figures_c(n, load, b, aht, target_seconds)
        if found.service_level >= target_sl:
            return found
        n += 1
        b = load * b / (n + load * b)
    raise ValueError("target not reachable")


def _search_a(
    load: float, aht: float, patience: float, target_sl: float, target_seconds: float
) -> Staffing:
    """Bisect n: the service level rises with n, and no fewer than target_sl·load agents
    can answer that share of the calls. B for every n comes from one recursion."""
    low = max(1, math.ceil(target_sl * load) - 1)
    high = max(low + 1, math.floor(load) + 1)
    bs = [1.0]
    for n in range(1, MAX_AGENTS):
        bs.append(load * bs[-1] / (n + load * bs[-1]))
        if n < high:
            continue
        if _figures_a(n, load, bs[n], aht, patience, target_seconds).service_level >= target_sl:
            high = n
            break
        low, high = n, 2 * n
    else:
        raise ValueError("target not reachable")
    while high - low > 1:  # SL(low) < target <= SL(high), or low is the floor
        middle = (low + high) // 2
        if _figures_a(middle, load, bs[middle], aht, patience, target_seconds).service_level >= (
            target_sl
        ):
            high = middle
        else:
            low = middle
    # low may itself meet the target when it is the floor of the search
    if _figures_a(low, load, bs[low], aht, patience, target_seconds).service_level >= target_sl:
        high = low
    return _figures_a(high, load, bs[high], aht, patience, target_seconds)
