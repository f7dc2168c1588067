"""What the edge accepts, said exactly: ids, optional-but-never-null fields, JSON objects.

The API's schemas build on these, so a request the schema rejects is a 422 with a
sentence, and a request it accepts cannot make the database fail (docs/security.md):
- `Id` (in a JSON body) is a whole number from 1 to the largest BIGINT, never a
  boolean or a float (`[false]` is not a list of ids); `QueryId` and `PathId` the same
  in a query string or a path. A larger number would overflow SQLite's integers.
- `absent()` is the default of a PATCH field that may be left out but, when given,
  may not be null (the column is NOT NULL).
- `Body` is the base of every input schema: its JSON must be an object, not an array.
"""

from typing import Annotated, Any

from ninja import Path, Schema
from ninja.schema import DjangoGetter
from pydantic import Field, StrictInt, model_validator

MAX_ID = 9_223_372_036_854_775_807  # the largest BIGINT: ids beyond it name no row

Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # "default: null" would contradict the field's type


def absent(**constraints: Any) -> Any:
    """The default of a field that may be left out but is never null when given."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class Body(Schema):
    """An input schema: the request body must be a JSON object."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError("expected a JSON object")
        return data
