"""The rows of the routing table (views.py: ROUTES, OPERATIONS, TRANSACTION)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # FHIR search parameter type: token, reference, string, date...
    documentation: str


@dataclass(frozen=True)
class ResourceRoute:
    read: Callable | None = None
    search: Callable | None = None
    search_params: tuple[SearchParam, ...] = ()
    profile: str = ""
    documentation: str = ""

    def interactions(self) -> list[str]:
        return [
            name for name, handler in (("read", self.read), ("search-type", self.search)) if handler
        ]


@dataclass(frozen=True)
class Operation:
    handler: Callable
    documentation: str
    definition: str = ""  # the canonical OperationDefinition, where one is published
