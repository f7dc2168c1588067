"""A PBX bridge posting the documented events to an integration's URL, as Asterisk and 3CX
bridges do (sipgate.io's push format), with the test client."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from hamdel.people.models import Team
from hamdel.phone import actions
from hamdel.phone.models import Call, Integration


@dataclass
class Pbx:
    integration: Integration
    client: Client

    @classmethod
    def connect(cls, team: Team, admin: User) -> "Pbx":
        integration = actions.create_integration(
            name="Asterisk", kind="generic", team=team, actor=admin
        )
        return cls(integration, Client())

    @property
    def path(self) -> str:
        return actions.integration_url(self.integration).split("//", 1)[1].split("/", 1)[1]

    def _data(self, event: str, call_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {"event": event, "callId": call_id, **fields}
        if "at" in data:
            data["timestamp"] = data.pop("at").timestamp()
        return data

    def post(self, event: str, call_id: str, **fields: Any) -> Any:
        return self.client.post("/" + self.path, self._data(event, call_id, fields))

    def post_json(self, event: str, call_id: str, **fields: Any) -> Any:
        body = json.dumps(self._data(event, call_id, fields))
        return self.client.post("/" + self.path, body, content_type="application/json")

    def missed(self, call_id: str, number: str, at: datetime, waited: int = 30) -> Call:
        self.post(
            "newCall", call_id, **{"from": number, "to": "+982188001000"}, direction="in", at=at
        )
        self.post("hangup", call_id, cause="cancel", at=at + timedelta(seconds=waited))
        return Call.objects.get(call_id=call_id)

    def answered(
        self, call_id: str, number: str, at: datetime, waited: int, talked: int, user: str
    ) -> Call:
        numbers = {"from": number, "to": "+982188001000"}
        self.post("newCall", call_id, **numbers, direction="in", at=at, **{"user[]": [user]})
        self.post("answer", call_id, **{"user[]": [user]}, at=at + timedelta(seconds=waited))
        self.post(
            "hangup", call_id, cause="normalClearing", at=at + timedelta(seconds=waited + talked)
        )
        return Call.objects.get(call_id=call_id)

    def outbound(self, call_id: str, number: str, at: datetime, talked: int, user: str) -> Call:
        numbers = {"from": "+982188001000", "to": number}
        self.post("newCall", call_id, **numbers, direction="out", at=at, **{"user[]": [user]})
        if talked:
            self.post("answer", call_id, at=at + timedelta(seconds=5))
        self.post("hangup", call_id, cause="normalClearing", at=at + timedelta(seconds=5 + talked))
        return Call.objects.get(call_id=call_id)


def now() -> datetime:
    return timezone.now().replace(microsecond=0)
