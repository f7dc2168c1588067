from hamdel.feedback.tests.factories import sent_survey
from hamdel.people.actions import merge_customers, unmerge_customers
from hamdel.test import Cast, make_customer


def test_a_customer_merge_moves_their_surveys_and_undoing_it_moves_them_back(cast: Cast) -> None:
    duplicate = make_customer("Cyrus F.")
    survey = sent_survey(duplicate, team=cast.support)
    merge = merge_customers(duplicate, cast.customer, None)
    survey.refresh_from_db()
    assert survey.customer_id == cast.customer.pk
    assert merge.data["moved"]["feedback.survey.customer"] == [survey.pk]
    unmerge_customers(merge, None)
    survey.refresh_from_db()
    assert survey.customer_id == duplicate.pk
