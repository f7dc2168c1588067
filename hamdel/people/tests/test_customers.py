import pytest
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.people.actions import (
    add_identity,
    create_customer,
    find_or_create_customer,
    merge_customers,
    unmerge_customers,
    update_customer,
)
from hamdel.people.models import Customer, Identity, IdentityKind
from hamdel.test import make_conversation, make_customer

pytestmark = pytest.mark.django_db


def test_creating_a_customer_normalises_identities_and_records_an_event() -> None:
    customer = create_customer(
        "Reza Moradi",
        None,
        identities=[(IdentityKind.EMAIL, "Reza@Example.com"), (IdentityKind.PHONE, "۰۹۱۲۳۴۵۶۷۸۹")],
        language="fa",
    )
    assert sorted(customer.identities.values_list("value", flat=True)) == [
        "+989123456789",
        "reza@example.com",
    ]
    verbs = list(Event.objects.filter(customer_id=customer.pk).values_list("verb", flat=True))
    assert "customer.created" in verbs
    assert verbs.count("identity.added") == 2


def test_an_identity_claimed_by_another_customer_is_refused() -> None:
    first = make_customer("Reza Moradi")
    second = make_customer("Ali Rezaei")
    add_identity(first, IdentityKind.PHONE, "09123456789", None)
    with pytest.raises(ValidationError) as error:
        add_identity(second, IdentityKind.PHONE, "+98 912 345 6789", None)
    assert "already belongs to customer" in error.value.message_dict["phone"][0]
    assert Identity.objects.get(value="+989123456789").customer == first


def test_adding_an_identity_twice_to_the_same_customer_is_harmless() -> None:
    customer = make_customer("Reza Moradi")
    first = add_identity(customer, IdentityKind.PHONE, "09123456789", None)
    again = add_identity(customer, IdentityKind.PHONE, "۰۹۱۲-۳۴۵-۶۷۸۹", None)
    assert first.pk == again.pk


def test_an_invalid_phone_number_names_the_field_at_fault() -> None:
    customer = make_customer("Reza Moradi")
    with pytest.raises(ValidationError) as error:
        add_identity(customer, IdentityKind.PHONE, "123", None)
    assert list(error.value.message_dict) == ["phone"]


def test_find_or_create_reuses_the_customer_holding_the_email_and_adds_the_phone() -> None:
    customer = make_customer("Reza Moradi", identities=[(IdentityKind.EMAIL, "reza@example.com")])
    found = find_or_create_customer(
        "R. Moradi", None, email="REZA@example.com", phone="09123456789"
    )
    assert found == customer
    assert customer.identities.filter(kind=IdentityKind.PHONE, value="+989123456789").exists()


def test_find_or_create_makes_a_new_customer_for_unknown_identities() -> None:
    found = find_or_create_customer("Ayşe Demir", None, email="ayse@example.com.tr")
    assert found.name == "Ayşe Demir"
    assert Customer.objects.count() == 1


def test_updating_a_customer_records_old_and_new_values() -> None:
    customer = make_customer("Reza Moradi")
    update_customer(customer, None, tier="vip", notes="Prefers phone calls")
    event = Event.objects.filter(verb="customer.changed").get()
    assert event.old == {"tier": "standard", "notes": ""}
    assert event.new == {"tier": "vip", "notes": "Prefers phone calls"}


def test_an_unknown_tier_is_refused() -> None:
    customer = make_customer("Reza Moradi")
    with pytest.raises(ValidationError) as error:
        update_customer(customer, None, tier="platinum-plus")
    assert "tier" in error.value.message_dict


def test_merging_customers_moves_every_record_and_can_be_undone() -> None:
    source = make_customer("Reza M")
    target = make_customer("Reza Moradi")
    add_identity(source, IdentityKind.PHONE, "09123456789", None)
    conversation = make_conversation(source)
    source_identities = set(source.identities.values_list("pk", flat=True))

    merge = merge_customers(source, target, None)

    source.refresh_from_db()
    conversation.refresh_from_db()
    assert source.merged_into == target
    assert conversation.customer == target
    assert source_identities <= set(target.identities.values_list("pk", flat=True))
    assert not source.identities.exists()

    unmerge_customers(merge, None)

    source.refresh_from_db()
    conversation.refresh_from_db()
    assert source.merged_into is None
    assert conversation.customer == source
    assert set(source.identities.values_list("pk", flat=True)) == source_identities
    assert Customer.objects.count() == 2


def test_a_merge_can_be_undone_only_once() -> None:
    source, target = make_customer("Reza M"), make_customer("Reza Moradi")
    merge = merge_customers(source, target, None)
    unmerge_customers(merge, None)
    with pytest.raises(ValidationError):
        unmerge_customers(merge, None)


def test_a_customer_cannot_be_merged_into_itself_or_twice() -> None:
    source, target = make_customer("Reza M"), make_customer("Reza Moradi")
    with pytest.raises(ValidationError):
        merge_customers(source, source, None)
    merge_customers(source, target, None)
    source.refresh_from_db()
    with pytest.raises(ValidationError):
        merge_customers(source, target, None)


def test_events_cannot_be_edited_or_deleted() -> None:
    customer = make_customer("Reza Moradi")
    event = Event.objects.filter(customer_id=customer.pk).first()
    assert event is not None
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(verb="forged")
