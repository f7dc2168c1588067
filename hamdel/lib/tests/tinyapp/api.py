"""/api/v1/tiny/...: mounted by the tiny app's declarations, not by hamdel/api/root.py."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from hamdel.lib.tests.tinyapp.actions import send_wave
from hamdel.lib.tests.tinyapp.models import Wave
from hamdel.people.models import Customer
from hamdel.people.permissions import caller

router = Router(tags=["tiny"])


class WaveIn(Schema):
    customer_id: int
    text: str


class WaveOut(Schema):
    id: int
    customer_id: int
    text: str


@router.get("/waves", response=list[WaveOut])
def list_waves(request: HttpRequest) -> list[Wave]:
    caller(request)
    return list(Wave.objects.order_by("-id")[:20])


@router.post("/waves", response={201: WaveOut})
def create_wave(request: HttpRequest, payload: WaveIn) -> Status[Wave]:
    customer = get_object_or_404(Customer, pk=payload.customer_id)
    return Status(201, send_wave(customer, payload.text, caller(request)))
