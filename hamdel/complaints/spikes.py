"""Policy signals: complaints, and the comments of low survey scores, grouped by root
cause, by tag and (within one language) by similar wording, counted over rolling weeks; a
spike raises an alert.

The test, per group: N is the number of distinct customers who complained in the last
7 days (the rolling window ending now); the baseline λ is the mean of the same count over
the 8 windows of 7 days before it. Under "nothing changed" N ~ Poisson(λ); the one-sided
p-value is P(X ≥ N | λ) (`poisson_tail`, checked against scipy.stats.poisson.sf). An
alert is raised when p < ALPHA, N ≥ MIN_CUSTOMERS and N > λ. λ is floored at
BASELINE_FLOOR so that a group with no history needs MIN_CUSTOMERS customers in a week.

Wording: each complaint's stored tokens (hamdel.text.normalise, stems included) weighted
by TF-IDF over the 9 weeks' complaints of its language; complaints are clustered greedily
(oldest first) into the cluster whose centroid is closest by cosine similarity, if at
least SIMILARITY, else they start a cluster. A cluster's key is its language and its
three heaviest terms, which also name it.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from hamdel.audit.models import Event
from hamdel.complaints import actions, events
from hamdel.complaints.actions import grouping_tokens
from hamdel.complaints.models import Alert, Complaint, GroupKind
from hamdel.tickets.models import Conversation

WEEK = timedelta(days=7)
BASELINE_WEEKS = 8
ALPHA = 0.01
MIN_CUSTOMERS = 3
BASELINE_FLOOR = 0.5
SIMILARITY = 0.3  # cosine of TF-IDF vectors; measured on the test's and bench's wording
TERMS_PER_DOCUMENT = 8  # a complaint is compared with the clusters of its heaviest terms
KEY_TERMS = 3


@dataclass
class Row:
    complaint_id: int | None  # None for a low survey score's comment
    conversation_id: int
    customer_id: int
    opened_at: datetime
    language: str
    tokens: list[str]
    root_cause_id: int | None
    root_cause: str
    tags: list[str] = field(default_factory=list)


@dataclass
class Group:
    kind: str
    key: str
    label: str
    language: str = ""
    rows: list[Row] = field(default_factory=list)


@dataclass
class Spike:
    group: Group
    customers: int
    baseline: float
    p_value: float
    conversation_ids: list[int]


def load_rows(since: datetime, until: datetime) -> list[Row]:
    """Complaints opened in [since, until), with their tags, in two queries."""
    complaints = (
        Complaint.objects.filter(opened_at__gte=since, opened_at__lt=until)
        .order_by("opened_at", "pk")
        .values_list(
            "pk",
            "conversation_id",
            "customer_id",
            "opened_at",
            "language",
            "tokens",
            "root_cause_id",
            "root_cause__name",
        )
    )
    rows = [
        Row(pk, conv, customer, opened, language or "", tokens.split(), cause, cause_name or "")
        for pk, conv, customer, opened, language, tokens, cause, cause_name in complaints.iterator(
            chunk_size=5000
        )
    ]
    by_conversation = {row.conversation_id: row for row in rows}
    through = Conversation.tags.through.objects.filter(
        conversation__complaint__opened_at__gte=since,
        conversation__complaint__opened_at__lt=until,
    ).values_list("conversation_id", "tag__name")
    for conversation_id, name in through.iterator(chunk_size=5000):
        row = by_conversation.get(conversation_id)
        if row is not None:
            row.tags.append(name)
    rows.extend(low_score_rows(since, until, by_conversation))
    rows.sort(key=lambda row: row.opened_at)
    return rows


LOW_SCORE_VERB = "feedback.low_score"
TAG_CHUNK = 500  # conversation ids per tag query (SQLite's bound-parameter limit)


def low_score_rows(since: datetime, until: datetime, complaints: dict[int, Row]) -> list[Row]:
    """Low CSAT/NPS answers with a comment, as the feedback app records them in the audit
    trail (docs/feedback.md, "Policy signals"): one row each, grouped with the complaints.
    A conversation that is also a complaint takes the complaint's root cause and tags."""
    events = Event.objects.filter(
        verb=LOW_SCORE_VERB, created_at__gte=since, created_at__lt=until
    ).values_list("conversation_id", "customer_id", "created_at", "data")
    rows = []
    for conversation_id, customer_id, created_at, data in events.iterator(chunk_size=2000):
        comment = str((data or {}).get("comment") or "").strip()
        if not comment or conversation_id is None or customer_id is None:
            continue
        language = str((data or {}).get("language") or "")
        complaint = complaints.get(conversation_id)
        rows.append(
            Row(
                None,
                conversation_id,
                customer_id,
                created_at,
                language,
                grouping_tokens(comment, language or None).split(),
                complaint.root_cause_id if complaint else None,
                complaint.root_cause if complaint else "",
                list(complaint.tags) if complaint else [],
            )
        )
    others = sorted({row.conversation_id for row in rows if row.conversation_id not in complaints})
    tags: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(others), TAG_CHUNK):
        through = Conversation.tags.through.objects.filter(
            conversation_id__in=others[start : start + TAG_CHUNK]
        ).values_list("conversation_id", "tag__name")
        for conversation_id, name in through:
            tags[conversation_id].append(name)
    for row in rows:
        if row.conversation_id not in complaints:
            row.tags = tags.get(row.conversation_id, [])
    return rows


def group_rows(rows: list[Row]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for row in rows:
        if row.root_cause_id is not None:
            key = (GroupKind.ROOT_CAUSE, str(row.root_cause_id))
            groups.setdefault(key, Group(*key, label=row.root_cause)).rows.append(row)
        for tag in row.tags:
            key = (GroupKind.TAG, tag)
            groups.setdefault(key, Group(*key, label=f"#{tag}")).rows.append(row)
    return [*groups.values(), *wording_groups(rows)]


def _weights(rows: list[Row]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors (each stored token counts once per complaint; smoothed IDF,
    log((1 + n) / (1 + df)) + 1, so a theme most complaints share still counts)."""
    documents = len(rows)
    frequency: Counter[str] = Counter()
    for row in rows:
        frequency.update(set(row.tokens))
    vectors = []
    for row in rows:
        vector = {t: math.log((1 + documents) / (1 + frequency[t])) + 1 for t in set(row.tokens)}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors


@dataclass
class _Cluster:
    centroid: dict[str, float] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def similarity(self, vector: dict[str, float]) -> float:
        norm = math.sqrt(sum(w * w for w in self.centroid.values())) or 1.0
        return sum(w * self.centroid.get(t, 0.0) for t, w in vector.items()) / norm

    def add(self, row: Row, vector: dict[str, float]) -> None:
        self.rows.append(row)
        for t, w in vector.items():
            self.centroid[t] = self.centroid.get(t, 0.0) + w


def _cluster(rows: list[Row]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_term: dict[str, set[int]] = defaultdict(set)  # term → clusters it is heavy in
    for row, vector in zip(rows, _weights(rows), strict=True):
        if not vector:
            continue
        heavy = sorted(vector, key=lambda t: -vector[t])[:TERMS_PER_DOCUMENT]
        candidates = set().union(*(by_term.get(t, set()) for t in heavy))
        best, best_score = None, SIMILARITY
        for index in candidates:
            score = clusters[index].similarity(vector)
            if score >= best_score:
                best, best_score = index, score
        if best is None:
            clusters.append(_Cluster())
            best = len(clusters) - 1
        clusters[best].add(row, vector)
        for term in heavy:
            by_term[term].add(best)
    return clusters


def wording_groups(rows: Iterable[Row]) -> list[Group]:
    by_language: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_language[row.language].append(row)
    groups = []
    for language, language_rows in sorted(by_language.items()):
        for cluster in _cluster(language_rows):
            if len(cluster.rows) < MIN_CUSTOMERS:
                continue
            terms = sorted(cluster.centroid, key=lambda t: (-cluster.centroid[t], t))[:KEY_TERMS]
            key = f"{language or '-'}:{' '.join(sorted(terms))}"
            label = "“" + " · ".join(terms) + "”"
            groups.append(Group(GroupKind.TEXT, key, label, language, cluster.rows))
    return groups


def weekly_customers(rows: list[Row], until: datetime) -> list[int]:
    """Distinct customers per 7-day window ending at `until`: [this week, the week
    before, ...], BASELINE_WEEKS + 1 windows."""
    customers: list[set[int]] = [set() for _ in range(BASELINE_WEEKS + 1)]
    for row in rows:
        index = int((until - row.opened_at) / WEEK)
        if 0 <= index <= BASELINE_WEEKS:
            customers[index].add(row.customer_id)
    return [len(each) for each in customers]


def poisson_tail(count: int, rate: float) -> float:
    """P(X ≥ count) for X ~ Poisson(rate): 1 minus the lower terms, summed in log space
    (no dependency for one formula; the test compares it with SciPy's)."""
    if count <= 0:
        return 1.0
    lower = sum(math.exp(k * math.log(rate) - rate - math.lgamma(k + 1)) for k in range(count))
    return max(0.0, 1.0 - lower)


def poisson_test(current: int, baseline: list[int]) -> tuple[float, float]:
    """(λ, one-sided p-value of seeing `current` or more under Poisson(λ))."""
    mean = sum(baseline) / len(baseline) if baseline else 0.0
    rate = max(mean, BASELINE_FLOOR)
    return mean, poisson_tail(current, rate)


def find_spikes(rows: list[Row], until: datetime) -> list[Spike]:
    spikes = []
    for group in group_rows(rows):
        counts = weekly_customers(group.rows, until)
        current = counts[0]
        if current < MIN_CUSTOMERS:
            continue
        mean, p_value = poisson_test(current, counts[1:])
        if p_value < ALPHA and current > mean:
            recent = list(
                dict.fromkeys(r.conversation_id for r in group.rows if until - r.opened_at < WEEK)
            )
            spikes.append(Spike(group, current, mean, p_value, recent))
    return spikes


def detect_spikes(now: datetime) -> list[Alert]:
    """Raise an alert for each group with a spike in the week ending now, unless the group
    already had one in the last week (so the daily job is safe to run twice)."""
    rows = load_rows(now - WEEK * (BASELINE_WEEKS + 1), now)
    raised = []
    for spike in find_spikes(rows, now):
        group = spike.group
        with transaction.atomic():
            if Alert.objects.filter(
                group_kind=group.kind, group_key=group.key, window_end__gt=now - WEEK
            ).exists():
                continue
            alert = Alert.objects.create(
                group_kind=group.kind,
                group_key=group.key[:200],
                label=group.label[:300],
                language=group.language,
                window_start=now - WEEK,
                window_end=now,
                customers=spike.customers,
                baseline=round(spike.baseline, 2),
                p_value=spike.p_value,
            )
            alert.conversations.set(spike.conversation_ids)
            events.alert_raised(alert)
            latest = Conversation.objects.get(pk=spike.conversation_ids[-1])
            actions.notify_supervisors_of(alert, latest)
        raised.append(alert)
    return raised
