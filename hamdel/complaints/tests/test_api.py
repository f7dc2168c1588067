from hamdel.complaints.models import RootCause
from hamdel.complaints.tests.factories import make_cause, make_complaint
from hamdel.test import ApiClient, Cast


def test_the_desk_lists_open_complaints_to_those_who_may_see_them(cast: Cast) -> None:
    conversation = make_complaint(cast.customer)
    listed = ApiClient(cast.sam.user).get("/complaints").json()
    assert [c["conversation_id"] for c in listed] == [conversation.pk]
    assert listed[0]["overdue"] is False
    assert listed[0]["tier"] == "standard"
    # alice is not on the desk team: the complaint moved away from Support.
    assert ApiClient(cast.alice.user).get("/complaints").json() == []


def test_root_causes_are_created_changed_and_removed_by_supervisors(cast: Cast) -> None:
    api = ApiClient(cast.sam.user)
    created = api.post("/complaints/root-causes", {"name": "Late courier"})
    assert created.status_code == 201
    cause_id = created.json()["id"]
    duplicate = api.post("/complaints/root-causes", {"name": "late courier"})
    assert duplicate.status_code == 422
    assert duplicate.json()["field"] == "name"
    changed = api.patch(f"/complaints/root-causes/{cause_id}", {"description": "Over 3 days"})
    assert changed.json()["description"] == "Over 3 days"
    assert api.delete(f"/complaints/root-causes/{cause_id}").status_code == 204
    used = make_cause("Double charge")
    conversation = make_complaint(cast.customer)
    api.put(
        f"/conversations/{conversation.pk}/complaint",
        {"root_cause_id": used.pk, "resolution": "Refunded"},
    )
    retired = api.delete(f"/complaints/root-causes/{used.pk}")
    assert retired.status_code == 200
    assert retired.json()["is_active"] is False
    assert RootCause.objects.filter(pk=used.pk).exists()


def test_the_desk_settings_are_read_by_supervisors_and_set_by_admins(cast: Cast) -> None:
    desk = ApiClient(cast.sam.user).get("/complaints/desk").json()
    assert desk["policy_id"] is not None
    api = ApiClient(cast.ada.user)
    put = api.put(
        "/complaints/desk",
        {
            "team_id": cast.billing.pk,
            "escalate_to": [cast.sam.user_id],
            "escalate_after_minutes": 90,
        },
    )
    assert put.status_code == 200
    assert put.json()["team_id"] == cast.billing.pk
    assert put.json()["escalate_to"] == [cast.sam.user_id]
    bad = api.put("/complaints/desk", {"escalate_after_minutes": 0})
    assert bad.status_code == 422
