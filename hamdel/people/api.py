"""People endpoints: customers, identities, teams, agents. Thin: parse, call, return."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hamdel.lib.pagination import CURSOR_MAX_LENGTH, DEFAULT_LIMIT, MAX_LIMIT, paginate
from hamdel.lib.schemas import PageOut
from hamdel.lib.validation import PathId
from hamdel.people import actions, queries
from hamdel.people.models import (
    Agent,
    Customer,
    Identity,
    IdentityKind,
    Organisation,
    Team,
    Tier,
)
from hamdel.people.permissions import (
    caller,
    require_admin,
    require_admin_for_staff_change,
    require_supervisor,
)
from hamdel.people.schemas import (
    AgentIn,
    AgentOut,
    AgentPatch,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    IdentityIn,
    IdentityOut,
    MergeIn,
    OrganisationOut,
    OrganisationPatch,
    TeamIn,
    TeamOut,
    TeamPatch,
)

router = Router(tags=["people"])


CUSTOMER_SORTS = ("-created_at", "created_at", "name", "-name")


class CustomerFilters(Schema):
    q: str | None = Field(None, max_length=500)
    tier: Tier | None = None
    language: str | None = Field(None, max_length=8)
    sort: str = Field("-created_at", json_schema_extra={"enum": list(CUSTOMER_SORTS)})
    cursor: str | None = Field(None, max_length=CURSOR_MAX_LENGTH)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class PageFilters(Schema):
    cursor: str | None = Field(None, max_length=CURSOR_MAX_LENGTH)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/customers", response=PageOut[CustomerOut])
def list_customers(request: HttpRequest, filters: Query[CustomerFilters]) -> object:
    customers = queries.search_customers(filters.q, tier=filters.tier, language=filters.language)
    return paginate(
        customers,
        list_name="customers",
        sort=filters.sort,
        allowed_sorts=CUSTOMER_SORTS,
        cursor=filters.cursor,
        limit=filters.limit,
    )


@router.post("/customers", response={201: CustomerOut})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    identities = [
        *((IdentityKind.EMAIL, email) for email in payload.emails),
        *((IdentityKind.PHONE, phone) for phone in payload.phones),
        *((handle.kind, handle.value) for handle in payload.handles),
    ]
    customer = actions.create_customer(
        payload.name,
        caller(request),
        identities=identities,
        language=payload.language,
        timezone=payload.timezone,
        tier=payload.tier,
        notes=payload.notes,
    )
    return Status(201, queries.customers().get(pk=customer.pk))


@router.get("/customers/{customer_id}", response=CustomerOut)
def get_customer(request: HttpRequest, customer_id: PathId) -> Customer:
    return get_object_or_404(queries.customers(), pk=customer_id)


@router.patch("/customers/{customer_id}", response=CustomerOut)
def update_customer(request: HttpRequest, customer_id: PathId, payload: CustomerPatch) -> Customer:
    customer = get_object_or_404(Customer, pk=customer_id)
    actions.update_customer(customer, caller(request), **payload.dict(exclude_unset=True))
    return queries.customers().get(pk=customer_id)


@router.post("/customers/{customer_id}/identities", response={201: IdentityOut})
def add_identity(
    request: HttpRequest, customer_id: PathId, payload: IdentityIn
) -> Status[Identity]:
    customer = get_object_or_404(Customer, pk=customer_id)
    return Status(201, actions.add_identity(customer, payload.kind, payload.value, caller(request)))


@router.delete("/customers/{customer_id}/identities/{identity_id}", response={204: None})
def remove_identity(request: HttpRequest, customer_id: PathId, identity_id: PathId) -> Status[None]:
    identity = get_object_or_404(Identity, pk=identity_id, customer_id=customer_id)
    actions.remove_identity(identity, caller(request))
    return Status(204, None)


@router.post("/customers/{customer_id}/merge", response=CustomerOut)
def merge_customer(request: HttpRequest, customer_id: PathId, payload: MergeIn) -> Customer:
    """Merge this customer into `target_id`; every record moves, reversibly."""
    require_supervisor(request)
    source = get_object_or_404(Customer, pk=customer_id)
    target = get_object_or_404(Customer, pk=payload.target_id)
    actions.merge_customers(source, target, caller(request))
    return queries.customers().get(pk=target.pk)


@router.post("/customers/{customer_id}/unmerge", response=CustomerOut)
def unmerge_customer(request: HttpRequest, customer_id: PathId) -> Customer:
    """Undo the merge of this (merged-away) customer, from the audit trail."""
    require_supervisor(request)
    source = get_object_or_404(Customer, pk=customer_id, merged_into__isnull=False)
    merge = get_object_or_404(queries.merge_events_of(source)[:1])
    actions.unmerge_customers(merge, caller(request))
    return queries.customers().get(pk=source.pk)


@router.get("/teams", response=PageOut[TeamOut])
def list_teams(request: HttpRequest, page: Query[PageFilters]) -> object:
    return paginate(
        queries.teams(),
        list_name="teams",
        sort="name",
        allowed_sorts=("name",),
        cursor=page.cursor,
        limit=page.limit,
    )


@router.post("/teams", response={201: TeamOut})
def create_team(request: HttpRequest, payload: TeamIn) -> Status[Team]:
    require_admin(request)
    fields = payload.dict()
    return Status(201, actions.create_team(fields.pop("name"), caller(request), **fields))


@router.get("/teams/{team_id}", response=TeamOut)
def get_team(request: HttpRequest, team_id: PathId) -> Team:
    return get_object_or_404(Team, pk=team_id)


@router.patch("/teams/{team_id}", response=TeamOut)
def update_team(request: HttpRequest, team_id: PathId, payload: TeamPatch) -> Team:
    require_admin(request)
    team = get_object_or_404(Team, pk=team_id)
    return actions.update_team(team, caller(request), **payload.dict(exclude_unset=True))


@router.get("/agents", response=PageOut[AgentOut])
def list_agents(request: HttpRequest, page: Query[PageFilters]) -> object:
    return paginate(
        queries.agents(),
        list_name="agents",
        sort="pk",
        allowed_sorts=("pk",),
        cursor=page.cursor,
        limit=page.limit,
    )


@router.post("/agents", response={201: AgentOut})
def create_agent(request: HttpRequest, payload: AgentIn) -> Status[Agent]:
    require_admin_for_staff_change(request, None, payload.model_fields_set | {"username"})
    fields = payload.dict()
    agent = actions.create_agent(
        fields.pop("username"),
        caller(request),
        teams=list(Team.objects.filter(pk__in=fields.pop("team_ids"))),
        **fields,
    )
    return Status(201, queries.agents().get(pk=agent.pk))


@router.get("/agents/{agent_id}", response=AgentOut)
def get_agent(request: HttpRequest, agent_id: PathId) -> Agent:
    return get_object_or_404(queries.agents(), pk=agent_id)


@router.patch("/agents/{agent_id}", response=AgentOut)
def update_agent(request: HttpRequest, agent_id: PathId, payload: AgentPatch) -> Agent:
    agent = get_object_or_404(queries.agents(), pk=agent_id)
    changes = payload.dict(exclude_unset=True)
    if set(changes) - {"presence"} or agent.user_id != caller(request).pk:
        # agents may set their own presence, nothing else
        require_admin_for_staff_change(request, agent, changes)
    actions.change_agent(agent, caller(request), changes)
    return queries.agents().get(pk=agent_id)


@router.get("/organisation", response=OrganisationOut)
def get_organisation(request: HttpRequest) -> Organisation:
    return Organisation.load()


@router.patch("/organisation", response=OrganisationOut)
def update_organisation(request: HttpRequest, payload: OrganisationPatch) -> Organisation:
    require_admin(request)
    return actions.update_organisation(caller(request), **payload.dict(exclude_unset=True))
