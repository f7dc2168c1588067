"""Reads of the value app: the last fits, a customer's value, the imports, the top customers."""

from django.db.models import QuerySet

from hamdel.people.models import Customer
from hamdel.value.models import CustomerValue, FitState, TransactionImport, ValueFit

RECENT_FITS = 10
RECENT_IMPORTS = 10
TOP_CUSTOMERS = 20


def last_good_fit() -> ValueFit | None:
    return ValueFit.objects.filter(state=FitState.OK).order_by("-finished_at", "-pk").first()


def last_fit() -> ValueFit | None:
    return ValueFit.objects.order_by("-finished_at", "-pk").first()


def recent_fits() -> list[ValueFit]:
    return list(ValueFit.objects.order_by("-finished_at", "-pk")[:RECENT_FITS])


def recent_imports() -> list[TransactionImport]:
    return list(
        TransactionImport.objects.defer("content")
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:RECENT_IMPORTS]
    )


def value_of(customer: Customer) -> CustomerValue | None:
    return CustomerValue.objects.select_related("fit").filter(customer=customer).first()


def top_customers() -> QuerySet[CustomerValue]:
    return CustomerValue.objects.select_related("customer").order_by("rank")[:TOP_CUSTOMERS]


def tier_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = Customer.objects.filter(merged_into__isnull=True).values("tier").annotate(n=Count("id"))
    return {row["tier"]: row["n"] for row in rows}
