"""The MPP's agencies and services, with their standar pelayanan and opening rules.

Plain frozen dataclasses built by kiosk.config from catalog.toml; every visitor-facing text
is a `Text` mapping {"id": …, "en": …} read with kiosk.i18n.pick.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Mapping

Text = Mapping[str, str]
Ranges = tuple[tuple[time, time], ...]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Standard:
    """Standar pelayanan (UU 25/2009, PermenPANRB 15/2014) as published for a service."""

    requirements: tuple[Text, ...]
    procedure: Text
    time: Text
    fee: Text
    product: Text
    complaints: Text


@dataclass(frozen=True)
class Agency:
    id: str
    prefix: str
    priority_prefix: str
    name: Text
    short: str
    counter: Text
    counters: int = 1
    icon: str = ""
    hours: Mapping[str, Ranges] = field(default_factory=dict)
    cutoff_minutes: int | None = None


@dataclass(frozen=True)
class Service:
    id: str
    agency: str
    name: Text
    standard: Standard
    quota: int = 0
    service_minutes: int = 10
    priority: bool = True
    enabled: bool = True
    hours: Mapping[str, Ranges] = field(default_factory=dict)
    cutoff_minutes: int | None = None
    booking_before_min: int = 30
    booking_after_min: int = 15
    keywords: tuple[str, ...] = ()   # what visitors type for it: synonyms, slang, English
    online_url: str = ""             # where it can also be done online (shown as a QR)


@dataclass(frozen=True)
class Holiday:
    date: date
    name: Text


@dataclass(frozen=True)
class Closure:
    date: date
    reason: Text
    agency: str = ""
    service: str = ""

    def applies_to(self, service: Service) -> bool:
        if self.service:
            return self.service == service.id
        if self.agency:
            return self.agency == service.agency
        return True


@dataclass(frozen=True)
class Contacts:
    """Where a visitor gets help: shown by every screen's help button."""

    information_desk: Text
    call_centre: str = ""
    whatsapp: str = ""
    complaints: Text = field(default_factory=dict)
    complaints_url: str = ""


@dataclass(frozen=True)
class Catalog:
    hours: Mapping[str, Ranges]
    cutoff_minutes: int
    friday_break: tuple[time, time] | None
    agencies: tuple[Agency, ...]
    services: tuple[Service, ...]
    holidays: tuple[Holiday, ...] = ()
    closures: tuple[Closure, ...] = ()
    # The counter side (kiosk.counters): [[counter]] desks, and agency id -> CallingPolicy.
    counters: tuple = ()
    calling: Mapping = field(default_factory=dict)
    contacts: Contacts | None = None

    def __post_init__(self):
        object.__setattr__(self, "_agency_index", {a.id: a for a in self.agencies})
        object.__setattr__(self, "_service_index", {s.id: s for s in self.services})

    def agency(self, agency_id: str) -> Agency | None:
        return self._agency_index.get(agency_id)

    def service(self, service_id: str) -> Service | None:
        return self._service_index.get(service_id)

    def services_of(self, agency_id: str) -> list[Service]:
        return [s for s in self.services if s.agency == agency_id]

    def holiday_on(self, day: date) -> Holiday | None:
        return next((h for h in self.holidays if h.date == day), None)

    def closure_for(self, service: Service, day: date) -> Closure | None:
        return next((c for c in self.closures if c.date == day and c.applies_to(service)), None)

    def hours_for(self, service: Service, day: date) -> Ranges:
        """Opening ranges of a service on a date: service, then agency, then MPP hours."""
        weekday = WEEKDAYS[day.weekday()]
        agency = self.agency(service.agency)
        for source in (service.hours, agency.hours if agency else {}, self.hours):
            if weekday in source:
                return source[weekday]
        return ()

    def cutoff_for(self, service: Service) -> int:
        agency = self.agency(service.agency)
        if service.cutoff_minutes is not None:
            return service.cutoff_minutes
        if agency and agency.cutoff_minutes is not None:
            return agency.cutoff_minutes
        return self.cutoff_minutes
