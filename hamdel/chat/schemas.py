from ninja import Schema
from pydantic import Field


class WidgetOut(Schema):
    id: int
    name: str
    team_id: int
    allowed_origins: list[str]
    languages: list[str]
    no_answer_seconds: int
    agent_capacity: int
    is_active: bool
    script: str  # the tag to put on the customer's page


class WidgetIn(Schema):
    name: str = Field(max_length=100)
    team_id: int
    allowed_origins: list[str] = []
    languages: list[str] = []
    no_answer_seconds: int = Field(120, ge=1, le=3600)
    agent_capacity: int = Field(3, ge=1, le=50)
    is_active: bool = True


class WidgetPatch(Schema):
    name: str | None = Field(None, max_length=100)
    team_id: int | None = None
    allowed_origins: list[str] | None = None
    languages: list[str] | None = None
    no_answer_seconds: int | None = Field(None, ge=1, le=3600)
    agent_capacity: int | None = Field(None, ge=1, le=50)
    is_active: bool | None = None
