"""Where a commissioner's dashboard is for: every HSCP they may see, one HSCP, a cluster
or a practice, chosen by the query string and reached only through authorisation."""

from dataclasses import dataclass, field, replace

from django.http import Http404

from linkwork.accounts.authorisation import get_visible_or_404, holds_nationally, visible
from linkwork.accounts.roles import Permission
from linkwork.organisations.models import HSCP, Cluster, Practice
from linkwork.reporting.definitions import EVERYWHERE, Area

PERMISSION = Permission.VIEW_AGGREGATE_REPORTS
LEVELS = ("hscp", "cluster", "practice")  # the query string's keys, widest first


@dataclass(frozen=True)
class Place:
    name: str
    area: Area
    query: dict[str, str]  # how the query string names it
    up: list[tuple[str, dict]] = field(default_factory=list)  # wider places: name, query
    children: list = field(default_factory=list)  # one level down
    kind: str = ""  # what the children are: "HSCP", "cluster", "practice"
    others: list[tuple[str, dict]] = field(default_factory=list)  # HSCPs to switch to


def chosen(user, params) -> Place:
    """The most specific place named in `params` (practice, then cluster, then HSCP); with
    none, every HSCP for a national analyst, or the user's first HSCP. Someone given
    several HSCPs but not all is offered the others, never a total across every HSCP."""
    hscps = list(visible(user, PERMISSION, HSCP.objects.order_by("name")))
    national = _everywhere(hscps) if holds_nationally(user, PERMISSION) else None
    place = _named(user, params, national)
    if place is None and national is not None:
        return national
    if place is None:
        if not hscps:
            raise Http404
        place = _hscp(hscps[0], None)
    if national is None and len(hscps) > 1:
        here = place.area.hscp or _hscp_of(place.area)
        others = [(str(h), {"hscp": str(h.pk)}) for h in hscps if h != here]
        place = replace(place, others=others)
    return place


def _load(user, model, pk):
    return get_visible_or_404(user, PERMISSION, model.objects.all(), pk=pk)


def _named(user, params, national) -> Place | None:
    if params.get("practice"):
        return _practice(_load(user, Practice, params["practice"]), national)
    if params.get("cluster"):
        return _cluster(_load(user, Cluster, params["cluster"]), national)
    if params.get("hscp"):
        return _hscp(_load(user, HSCP, params["hscp"]), national)
    return None


def _hscp_of(area: Area) -> HSCP:
    cluster = area.cluster or area.practice.cluster
    return cluster.hscp


def _everywhere(hscps: list) -> Place | None:
    """Every HSCP, for a national analyst, where there is more than one."""
    if len(hscps) < 2:
        return None
    return Place("All HSCPs", EVERYWHERE, {}, [], hscps, "HSCP")


def _above(national: Place | None) -> list[tuple[str, dict]]:
    return [] if national is None else [(national.name, national.query)]


def _hscp(hscp: HSCP, national) -> Place:
    clusters = list(Cluster.objects.filter(hscp=hscp).order_by("name"))
    return Place(
        str(hscp), Area(hscp=hscp), {"hscp": str(hscp.pk)}, _above(national), clusters, "cluster"
    )


def _cluster(cluster: Cluster, national) -> Place:
    practices = list(Practice.objects.filter(cluster=cluster).order_by("name"))
    parent = _hscp(cluster.hscp, national)
    up = [*parent.up, (parent.name, parent.query)]
    return Place(
        str(cluster), Area(cluster=cluster), {"cluster": str(cluster.pk)}, up, practices, "practice"
    )


def _practice(practice: Practice, national) -> Place:
    parent = _cluster(practice.cluster, national)
    up = [*parent.up, (parent.name, parent.query)]
    return Place(str(practice), Area(practice=practice), {"practice": str(practice.pk)}, up)


def child_area(child) -> Area:
    return Area(**{_level(child): child})


def child_query(child) -> dict[str, str]:
    return {_level(child): str(child.pk)}


def _level(child) -> str:
    return {HSCP: "hscp", Cluster: "cluster", Practice: "practice"}[type(child)]
