"""What each app adds, gathered at start-up so no app edits another app's list.

An app declares its contributions in its own `declarations.py` as one `Declarations`
value named `DECLARED`; its AppConfig (a `DeclaringAppConfig`) hands it to `declare()`
in `ready()`. Shared code reads the gathered values here: the timeline's event labels,
notification kinds, search entry kinds, channels and their transports, periodic job
modules, the authorization-matrix entries of each app, demo loaders, URL and API mounts,
WebSocket routes.

Transports, matrix modules and demo loaders are dotted paths loaded on first use (as
healthchecks loads its integrations), so declaring them imports nothing at start-up.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.utils.functional import Promise

Label = str | Promise


@dataclass(frozen=True)
class SearchKind:
    label: Label
    # Dotted path of `originals(ids: list[int]) -> dict[int, str]`: the stored text of the
    # rows an entry of this kind indexes, for snippets. Read only for the rows of a result.
    originals: str
    # Whether entries of this kind belong to a conversation (seen by whoever may open it)
    # or stand alone (customers: seen by every agent).
    in_conversation: bool = True
    # For stand-alone kinds: the URL name the agent search links a hit to, reversed with
    # the hit's object id (an article's page); empty shows the hit without a link.
    url_name: str = ""


@dataclass(frozen=True)
class Mount:
    prefix: str  # "contact/" for URLs, "/messaging" for an API router
    target: str  # dotted path: a urlconf module, or a ninja Router object ("module:name")


@dataclass(frozen=True)
class NavLink:
    """A link in the workspace sidebar's "More" list."""

    label: Label
    url_name: str  # reversed with no arguments
    # who sees it: "agent" (everyone), "supervisor" (supervisors and admins) or "admin"
    role: str = "agent"
    order: int = 100  # smaller first; ties keep the apps' order


@dataclass(frozen=True)
class Panel:
    """A piece of a workspace page that another app renders.

    `place` is one of PANEL_PLACES; `render` is the "module:name" of
    `render(request, obj) -> str`: safe HTML (render_to_string of the app's own template),
    or "" to show nothing. `obj` is the page's conversation or customer.
    """

    place: str
    render: str
    order: int = 100


# Where panels go: the top of every workspace page (a phone's screen pops); the
# conversation page's header badges, its side column and the reply box (inside the reply
# form, above the send buttons); the customer page's header and its side column.
PANEL_PLACES = (
    "workspace.top",  # above every signed-in workspace page's content; obj is None
    "conversation.header",
    "conversation.side",
    "conversation.composer",
    "customer.header",
    "customer.side",
)


@dataclass(frozen=True)
class Fact:
    """One line of what an app knows about a customer (value tier, open promises, last CSAT):
    shown on the phone's screen pop and wherever a short customer summary is wanted."""

    label: Label
    value: str  # already formatted for display in the active language
    url: str = ""
    tone: str = ""  # "", "good", "warn" or "bad"


@dataclass(frozen=True)
class Declarations:
    """Everything one app adds. Keys are identifiers (stored, never translated)."""

    event_verbs: Mapping[str, Label] = field(default_factory=dict)
    notification_kinds: Mapping[str, Label] = field(default_factory=dict)
    search_kinds: Mapping[str, SearchKind] = field(default_factory=dict)
    channels: Mapping[str, Label] = field(default_factory=dict)
    # channel → dotted path ("module:name") of the callable that sends one outbound message
    transports: Mapping[str, str] = field(default_factory=dict)
    identity_kinds: Mapping[str, Label] = field(default_factory=dict)
    # modules of Huey tasks, periodic ones included: `hamdel run` and `hamdel worker`
    # import them so their consumer knows every task
    job_modules: Sequence[str] = ()
    # module with `MATRIX`: this app's entries of the authorization matrix (tests only)
    matrix: str = ""
    # "module:name" of `load(options) -> None`, run by `hamdel demo` after the core demo
    demo: str = ""
    urls: Sequence[Mount] = ()
    api_routers: Sequence[Mount] = ()
    # "module:name" of a list of Django Channels URL patterns that hamdel/asgi.py routes
    # WebSockets to, before live's; each route checks its own Origin and authentication
    websocket_routes: Sequence[str] = ()
    # links for the workspace sidebar
    nav_links: Sequence[NavLink] = ()
    # pieces of the workspace's conversation and customer pages
    panels: Sequence[Panel] = ()
    # "module:name" of `facts(customer) -> list[Fact]`
    customer_facts: Sequence[str] = ()


@dataclass
class _Registry:
    by_app: dict[str, Declarations] = field(default_factory=dict)

    def merged(self, name: str) -> dict[str, Any]:
        gathered: dict[str, Any] = {}
        for app, declared in self.by_app.items():
            for key, value in getattr(declared, name).items():
                if key in gathered and gathered[key] != value:
                    raise ValueError(f"{app} declares {name} {key!r}, already declared elsewhere")
                gathered[key] = value
        return gathered


_registry = _Registry()


def declare(app_label: str, declared: Declarations) -> None:
    """Record an app's declarations; a second call for the same app replaces the first."""
    _registry.by_app[app_label] = declared
    _cache.clear()


_cache: dict[str, dict[str, Any]] = {}


def _merged(name: str) -> dict[str, Any]:
    if name not in _cache:
        _cache[name] = _registry.merged(name)
    return _cache[name]


def event_label(verb: str) -> Label:
    """The sentence the timeline shows for an event verb; the verb itself if none is known."""
    label: Label = _merged("event_verbs").get(verb, verb)
    return label


def event_verbs() -> dict[str, Label]:
    return dict(_merged("event_verbs"))


def notification_kinds() -> dict[str, Label]:
    return dict(_merged("notification_kinds"))


def search_kinds() -> dict[str, SearchKind]:
    return dict(_merged("search_kinds"))


def channels() -> dict[str, Label]:
    return dict(_merged("channels"))


def identity_kinds() -> dict[str, Label]:
    return dict(_merged("identity_kinds"))


def _choices(name: str) -> list[tuple[str, Label]]:
    return [(key, getattr(value, "label", value)) for key, value in _merged(name).items()]


# For model fields' `choices`: Django calls them when it needs the list (after start-up),
# and migrations keep the reference, so a new app's values need no migration elsewhere.
def channel_choices() -> list[tuple[str, Label]]:
    return _choices("channels")


def notification_kind_choices() -> list[tuple[str, Label]]:
    return _choices("notification_kinds")


def search_kind_choices() -> list[tuple[str, Label]]:
    return _choices("search_kinds")


def identity_kind_choices() -> list[tuple[str, Label]]:
    return _choices("identity_kinds")


def load(dotted: str) -> Any:
    """The object a "module:name" (or "module.name") path names, imported on demand."""
    module, _sep, name = dotted.partition(":") if ":" in dotted else dotted.rpartition(".")
    return getattr(import_module(module), name)


def transport_path(channel: str) -> str | None:
    path: str | None = _merged("transports").get(channel)
    return path


def import_job_modules() -> None:
    """Import every declared job module, so a Huey consumer knows every task and schedule."""
    for declared in _registry.by_app.values():
        for module in declared.job_modules:
            import_module(module)


def matrix_modules() -> list[str]:
    return [declared.matrix for declared in _registry.by_app.values() if declared.matrix]


def demo_loaders() -> list[str]:
    return [declared.demo for declared in _registry.by_app.values() if declared.demo]


def url_mounts() -> Iterator[Mount]:
    for declared in _registry.by_app.values():
        yield from declared.urls


def api_mounts() -> Iterator[Mount]:
    for declared in _registry.by_app.values():
        yield from declared.api_routers


def websocket_routes() -> list[Any]:
    """Every app's declared WebSocket URL patterns, loaded (call once Django is set up)."""
    routes: list[Any] = []
    for declared in _registry.by_app.values():
        for dotted in declared.websocket_routes:
            routes.extend(load(dotted))
    return routes


def _ordered(items: list[tuple[int, int, Any]]) -> list[Any]:
    return [item for _order, _index, item in sorted(items, key=lambda entry: entry[:2])]


def nav_links() -> list[NavLink]:
    declared = [link for each in _registry.by_app.values() for link in each.nav_links]
    return _ordered([(link.order, index, link) for index, link in enumerate(declared)])


def panels(place: str) -> list[Panel]:
    """The panels declared for one place, in order."""
    if place not in PANEL_PLACES:
        raise ValueError(f"unknown panel place {place!r}; known: {', '.join(PANEL_PLACES)}")
    declared = [panel for each in _registry.by_app.values() for panel in each.panels]
    return _ordered(
        [
            (panel.order, index, panel)
            for index, panel in enumerate(declared)
            if panel.place == place
        ]
    )


def customer_facts(customer: Any) -> list[Fact]:
    """Every app's facts about one customer, in the apps' order."""
    facts: list[Fact] = []
    for declared in _registry.by_app.values():
        for dotted in declared.customer_facts:
            facts.extend(load(dotted)(customer))
    return facts


class DeclaringAppConfig(AppConfig):
    """An AppConfig that declares `<app>.declarations.DECLARED`, if the app has one.

    Subclass it as `registry.DeclaringAppConfig`: a second AppConfig class imported into
    an apps.py by name would leave Django unable to tell which one is the app's.

    Subclasses that connect signals call `super().ready()` first.
    """

    def ready(self) -> None:
        try:
            module = import_module(f"{self.name}.declarations")
        except ModuleNotFoundError as error:
            if error.name != f"{self.name}.declarations":
                raise
            return
        declare(self.label, module.DECLARED)
