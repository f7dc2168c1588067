"""A merge moves the customer's detections and partings; undoing it puts them back."""

from hamdel.conduct import actions
from hamdel.conduct.models import Detection, Parting
from hamdel.conduct.tests.factories import customer_writes
from hamdel.people.actions import merge_customers, unmerge_customers
from hamdel.test import Cast, make_customer


def test_merging_moves_detections_and_partings_and_unmerging_puts_them_back(cast: Cast) -> None:
    duplicate = make_customer("Cyrus F.")
    evidence = customer_writes(duplicate, "you bitch")
    parting = actions.propose_parting(duplicate, cast.sam.user, "abuse", [evidence.pk])
    merge = merge_customers(duplicate, cast.customer, cast.ada.user)
    assert Detection.objects.get(message=evidence).customer == cast.customer
    assert Parting.objects.get(pk=parting.pk).customer == cast.customer
    unmerge_customers(merge, cast.ada.user)
    assert Detection.objects.get(message=evidence).customer == duplicate
    assert Parting.objects.get(pk=parting.pk).customer == duplicate
