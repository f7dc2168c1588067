from django.contrib.auth.models import User

from hamdel.api.models import ApiToken
from hamdel.audit.models import Event
from hamdel.audit.record import record_event


def token_created(token: ApiToken, actor: User | None) -> Event:
    return record_event(
        "token.created",
        subject_type="token",
        subject_id=token.pk,
        actor=actor,
        new={"user": token.user_id, "name": token.name, "prefix": token.prefix},
    )


def token_revoked(token: ApiToken, actor: User | None) -> Event:
    return record_event(
        "token.revoked",
        subject_type="token",
        subject_id=token.pk,
        actor=actor,
        new={"user": token.user_id},
    )
