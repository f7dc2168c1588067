"""Answer speed per queue: share answered within T seconds, ASA, abandonment, with short
abandons counted apart."""

from datetime import timedelta

from hamdel.phone.models import QueueSettings
from hamdel.phone.tests.helpers import Pbx, now
from hamdel.test import ApiClient, Cast


def test_the_service_level_counts_exactly_the_calls_it_says(cast: Cast, pbx: Pbx) -> None:
    start = now() - timedelta(hours=1)
    pbx.answered("a1", "+989121234561", start, waited=10, talked=60, user="alice")
    pbx.answered("a2", "+989121234562", start, waited=20, talked=60, user="alice")
    pbx.answered("a3", "+989121234563", start, waited=45, talked=60, user="alice")
    pbx.missed("x1", "+989121234564", start, waited=30)  # abandoned
    pbx.missed("x2", "+989121234565", start, waited=2)  # short abandon: not offered
    api = ApiClient(cast.sam.user)
    figures = api.get("/phone/service-level", queue=cast.support.pk).json()
    assert figures == {
        "offered": 4,
        "answered": 3,
        "answered_within_target": 2,
        "service_level": 0.5,
        "asa_seconds": 25.0,
        "abandoned": 1,
        "abandon_rate": 0.25,
        "target_seconds": 20,
    }
    QueueSettings.objects.create(team=cast.support, target_seconds=60)
    later = {"queue": cast.support.pk, "from": (start + timedelta(minutes=1)).isoformat()}
    assert api.get("/phone/service-level", **later).json()["offered"] == 0
    assert api.get("/phone/service-level", queue=cast.support.pk).json()["service_level"] == 0.75
    assert ApiClient(cast.alice.user).get("/phone/service-level").status_code == 403
