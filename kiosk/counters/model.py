"""Counters and the per-agency calling policy, as read from the catalog.

A `Counter` is a desk ("Loket 3") of one agency, serving all of that agency's tickets or only
some services and/or numbering groups. Its open / paused / closed state is not configuration:
the hub keeps it and passes it to the calling rule as a plain string (OPEN, PAUSED, CLOSED).
A `CallingPolicy` says how an agency mixes the priority series into its calls and after how
many recalls a called visitor who does not come counts as *tidak hadir*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from kiosk.catalog import Catalog

Text = Mapping[str, str]

# Counter states (kept by the hub, not configured).
OPEN, PAUSED, CLOSED = "open", "paused", "closed"
STATES = (OPEN, PAUSED, CLOSED)

# Priority policies: the priority series always before regular numbers, or one priority
# number after every `priority_every` regular ones (falling back to whichever series waits).
FIRST, INTERLEAVE = "first", "interleave"
POLICIES = (FIRST, INTERLEAVE)


@dataclass(frozen=True)
class CallingPolicy:
    priority_policy: str = FIRST
    priority_every: int = 3          # regular calls per priority call under INTERLEAVE
    no_show_after_recalls: int = 2   # recalls before "tidak hadir" may be recorded


DEFAULT_POLICY = CallingPolicy()


@dataclass(frozen=True)
class Counter:
    """One counter of an agency.

    `services` and `groups` narrow what it serves; both empty means every ticket of its
    agency. With both set a ticket must match both (e.g. groups = ["R"] and two services:
    the priority series of those two services only). `groups` are numbering-group prefixes
    of the counter's agency ("A", "R").
    """

    id: str
    name: Text
    agency: str
    services: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    location: Text | None = None

    def serves(self, agency_id: str, service_id: str, group: str) -> bool:
        """True when a ticket of this agency, service and queue group may be called here."""
        return (agency_id == self.agency
                and (not self.services or service_id in self.services)
                and (not self.groups or group in self.groups))


def counters_of(catalog: "Catalog", agency_id: str) -> tuple[Counter, ...]:
    """The agency's counters in catalog order (empty when the catalog names none)."""
    return tuple(c for c in getattr(catalog, "counters", ()) if c.agency == agency_id)


def counter_by_id(catalog: "Catalog", counter_id: str) -> Counter | None:
    return next((c for c in getattr(catalog, "counters", ()) if c.id == counter_id), None)


def policy_for(catalog: "Catalog", agency_id: str) -> CallingPolicy:
    """The agency's calling policy: its own keys, else the catalog's [calling] defaults."""
    return getattr(catalog, "calling", {}).get(agency_id, DEFAULT_POLICY)
