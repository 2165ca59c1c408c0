"""Read and check the catalog's counters: `[[counter]]`, `[calling]` and the agency keys.

    [calling]                      # MPP-wide defaults (all optional)
    priority_policy = "first"      # or "interleave"
    priority_every = 3             # interleave: regular calls per priority call
    no_show_after_recalls = 2      # recalls before a called visitor may be marked tidak hadir

    [[agency]]                     # the same three keys on an agency override the defaults
    priority_policy = "interleave"

    [[counter]]
    id = "dukcapil-1"
    name = { id = "Loket 1", en = "Counter 1" }
    agency = "dukcapil"
    services = ["dukcapil-ktp"]    # optional: only these services
    groups = ["R"]                 # optional: only these numbering groups (prefixes)
    location = { id = "Lantai 1", en = "Floor 1" }

Called by kiosk.config while it reads the catalog, with its `Reader`, so every problem is
reported like the rest of the catalog's: file, key path, why. A catalog without counters
stays valid (no counter side); an agency that has counters must have one for every enabled
service and for its priority series.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from kiosk.counters.model import DEFAULT_POLICY, POLICIES, CallingPolicy, Counter, INTERLEAVE

if TYPE_CHECKING:
    from kiosk.catalog import Agency, Service
    from kiosk.config import Reader

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
POLICY_KEYS = ("priority_policy", "priority_every", "no_show_after_recalls")


def read_counters(data: dict, r: "Reader", agencies: Sequence["Agency"],
                  services: Sequence["Service"]) -> tuple[tuple[Counter, ...], dict[str, CallingPolicy]]:
    """The catalog's counters and every agency's calling policy (agency id -> policy)."""
    default = _read_policy(r.get(data, "calling", "", dict, {}), "calling", r, DEFAULT_POLICY)
    policies = {}
    raw_agencies = data.get("agency") if isinstance(data.get("agency"), list) else []
    for raw, agency in zip(raw_agencies, agencies):
        if isinstance(raw, dict):
            policies[agency.id] = _read_policy(raw, f"agency[{agency.id}]", r, default)
    counters = _read_counter_list(data, r, agencies, services)
    _check_coverage(counters, agencies, services, r)
    return counters, policies


def _read_policy(table: dict, path: str, r: "Reader", base: CallingPolicy) -> CallingPolicy:
    policy = r.get(table, "priority_policy", path, str, base.priority_policy)
    if policy not in POLICIES:
        r.problem(f"{path}.priority_policy",
                  f'{policy!r} must be "first" (priority numbers always called first) or '
                  '"interleave" (one priority number after every priority_every regular ones)')
        policy = base.priority_policy
    every = r.get(table, "priority_every", path, int, base.priority_every)
    if every < 1:
        r.problem(f"{path}.priority_every", "must be at least 1 (regular calls per priority call)")
        every = base.priority_every
    elif "priority_every" in table and policy != INTERLEAVE and path != "calling":
        r.problem(f"{path}.priority_every",
                  'is used only with priority_policy = "interleave"; this agency calls '
                  "priority numbers first")
    recalls = r.get(table, "no_show_after_recalls", path, int, base.no_show_after_recalls)
    if not 0 <= recalls <= 10:
        r.problem(f"{path}.no_show_after_recalls", "must be between 0 and 10 recalls")
        recalls = base.no_show_after_recalls
    return CallingPolicy(policy, every, recalls)


def _read_counter_list(data, r, agencies, services) -> tuple[Counter, ...]:
    agency_index = {a.id: a for a in agencies}
    service_index = {s.id: s for s in services}
    out, seen = [], set()
    for i, c in enumerate(r.get(data, "counter", "", list, [])):
        path = f"counter[{i}]"
        if not isinstance(c, dict):
            r.problem(path, "must be a table ([[counter]])")
            continue
        cid = r.get(c, "id", path, str)
        if cid is not None and not SLUG.match(cid):
            r.problem(f"{path}.id", f"{cid!r} must be a lower-case slug (a-z, 0-9, -)")
        path = f"counter[{cid or i}]"
        if cid in seen:
            r.problem(f"{path}.id", "duplicate counter id")
        seen.add(cid)
        agency_id = r.get(c, "agency", path, str)
        agency = agency_index.get(agency_id)
        if agency_id is not None and agency is None:
            r.problem(f"{path}.agency", f"unknown agency {agency_id!r} (no [[agency]] with that id)")
        names = _strings(c, "services", path, r)
        for j, sid in enumerate(names):
            service = service_index.get(sid)
            if service is None:
                r.problem(f"{path}.services[{j}]", f"unknown service {sid!r} (no [[service]] "
                          "with that id)")
            elif agency and service.agency != agency.id:
                r.problem(f"{path}.services[{j}]", f"service {sid!r} belongs to agency "
                          f"{service.agency!r}, not to this counter's agency {agency.id!r}")
        groups = _strings(c, "groups", path, r)
        for j, group in enumerate(groups):
            if agency and group not in (agency.prefix, agency.priority_prefix):
                r.problem(f"{path}.groups[{j}]", f"{group!r} is not a numbering group of "
                          f"{agency.id!r} (its groups are {agency.prefix!r} and "
                          f"{agency.priority_prefix!r})")
        location = r.text(c, "location", path, None) if "location" in c else None
        out.append(Counter(id=cid or f"#{i}", name=r.text(c, "name", path) or {},
                           agency=agency_id or "", services=tuple(names), groups=tuple(groups),
                           location=location))
    return tuple(out)


def _strings(table: dict, key: str, path: str, r: "Reader") -> list[str]:
    values = r.get(table, key, path, list, [])
    good = []
    for j, value in enumerate(values or []):
        if isinstance(value, str) and value:
            good.append(value)
        else:
            r.problem(f"{path}.{key}[{j}]", f"must be a non-empty string, got {value!r}")
    return good


def _check_coverage(counters, agencies, services, r: "Reader") -> None:
    """An agency with counters must be able to call every number it issues."""
    for agency in agencies:
        own = [c for c in counters if c.agency == agency.id]
        if not own:
            continue
        for service in services:
            if service.agency != agency.id or not service.enabled:
                continue
            groups = [agency.prefix] + ([agency.priority_prefix] if service.priority else [])
            for group in groups:
                if not any(c.serves(agency.id, service.id, group) for c in own):
                    r.problem(f"service[{service.id}]",
                              f"no [[counter]] of agency {agency.id!r} serves its numbers in "
                              f"group {group!r}: they would never be called")
