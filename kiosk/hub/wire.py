"""The JSON shape of the service dataclasses, shared by the hub (server) and kiosk.hub.client.

Kept free of FastAPI and requests so either side imports it cheaply. Refusals travel with
their kind and the data to rebuild the Refusal, so the kiosk shows the same plain-word
reason in its own language, plus the hub's Indonesian and English texts for other clients.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from kiosk.queueing import Refusal
from kiosk.service import CheckIn, FeedbackResult, ServiceState, Ticket


def ticket_to_json(ticket: Ticket) -> dict:
    return ticket.to_json()


def ticket_from_json(data: dict, zone: ZoneInfo) -> Ticket:
    return Ticket(id=data["id"], number=data["number"], agency_id=data["agency_id"],
                  service_id=data["service_id"], priority=data.get("priority"),
                  booking_id=data.get("booking_id"), kiosk_id=data["kiosk_id"],
                  status=data["status"], people_ahead=int(data["people_ahead"]),
                  wait_minutes=int(data["wait_minutes"]),
                  issued_at=datetime.fromisoformat(data["issued_at"]).astimezone(zone),
                  day=date.fromisoformat(data["day"]), fresh=bool(data.get("fresh", False)))


def refusal_to_json(refusal: Refusal) -> dict:
    return {"kind": refusal.kind, "at": refusal.at.isoformat() if refusal.at else None,
            "name": dict(refusal.name), "zone": refusal.zone,
            "message_id": refusal.message("id"), "message_en": refusal.message("en")}


def refusal_from_json(data: dict) -> Refusal:
    at = time.fromisoformat(data["at"]) if data.get("at") else None
    return Refusal(data["kind"], at=at, name=dict(data.get("name") or {}),
                   zone=data.get("zone") or "Asia/Jakarta")


def state_to_json(state: ServiceState) -> dict:
    return {"service_id": state.service_id, "open": state.open,
            "refusal": refusal_to_json(state.refusal) if state.refusal else None,
            "taken_today": state.taken_today, "remaining": state.remaining,
            "waiting": state.waiting, "wait_minutes": state.wait_minutes}


def state_from_json(data: dict) -> ServiceState:
    refusal = refusal_from_json(data["refusal"]) if data.get("refusal") else None
    return ServiceState(data["service_id"], bool(data["open"]), refusal,
                        int(data["taken_today"]), data.get("remaining"), int(data["waiting"]),
                        int(data["wait_minutes"]))


def feedback_to_json(result: FeedbackResult) -> dict:
    return {"accepted": result.accepted, "id": result.id, "reason": result.reason}


def feedback_from_json(data: dict) -> FeedbackResult:
    return FeedbackResult(bool(data["accepted"]), data.get("id", ""), data.get("reason", ""))


def checkin_to_json(result: CheckIn) -> dict:
    verdict = result.verdict
    booking = verdict.booking
    return {
        "ok": verdict.ok, "reason": verdict.reason, "zone": verdict.zone,
        "opens_at": verdict.opens_at.isoformat() if verdict.opens_at else None,
        "closes_at": verdict.closes_at.isoformat() if verdict.closes_at else None,
        # Never the NIK: only what the visitor's screen may show.
        "booking": None if booking is None else {
            "booking_id": booking.booking_id, "service": booking.service,
            "date": booking.date.isoformat(), "start": booking.start.isoformat(),
            "end": booking.end.isoformat(), "kid": booking.kid,
            "nik_last4": booking.nik_last4},
        "message_id": verdict.message("id"), "message_en": verdict.message("en"),
        "ticket": ticket_to_json(result.ticket) if result.ticket else None,
        "repeat": result.repeat, "reprints_left": result.reprints_left,
    }


def checkin_from_json(data: dict, zone: ZoneInfo) -> CheckIn:
    from kiosk.bookings import Verdict
    from kiosk.bookings.token import Booking
    b = data.get("booking")
    booking = None if b is None else Booking(
        booking_id=b["booking_id"], service=b["service"], date=date.fromisoformat(b["date"]),
        start=time.fromisoformat(b["start"]), end=time.fromisoformat(b["end"]),
        kid=b.get("kid", ""), nik_last4=b.get("nik_last4"))
    stamp = (lambda v: datetime.fromisoformat(v) if v else None)
    verdict = Verdict(bool(data["ok"]), data["reason"], booking, stamp(data.get("opens_at")),
                      stamp(data.get("closes_at")), data.get("zone", ""))
    ticket = ticket_from_json(data["ticket"], zone) if data.get("ticket") else None
    return CheckIn(verdict, ticket, bool(data.get("repeat")), int(data.get("reprints_left", 0)))


# -- reports --------------------------------------------------------------------------------
# A report travels as the totals it is computed from (respondents, sums and counts per unsur,
# population; votes per face; tickets per hour) plus the names in its language, so the kiosk
# rebuilds exactly the hub's IkmResult (fractions, rounding, mutu) with the same code, and
# every renderer (table, CSV, XLSX, PNG) works on it unchanged. The computed values (IKM,
# mutu, shares) ride along for clients that are not Python.

REPORT_KINDS = ("ikm", "votes", "demand", "suggestions", "service-times")


def _ikm_row_to_json(row) -> dict:
    result, sample = row.result, row.sample
    return {"level": row.level, "agency_id": row.agency_id, "service_id": row.service_id,
            "agency": row.agency, "short": row.short, "service": row.service,
            "respondents": result.respondents, "sums": dict(result.sums),
            "counts": dict(result.counts), "population": sample.population,
            # derived, for other clients:
            "ikm": str(result.converted_rounded) if result.complete else None,
            "mutu": result.grade, "sample_required": sample.required,
            "sample_reached": sample.reached}


def _ikm_row_from_json(data: dict, weight: str):
    from kiosk.reports.data import IkmRow
    from kiosk.survey import IkmAccumulator, sample_status
    acc = IkmAccumulator.from_sums(data["sums"], data["counts"], data["respondents"])
    return IkmRow(level=data["level"], agency_id=data.get("agency_id"),
                  service_id=data.get("service_id"), agency=data.get("agency", ""),
                  short=data.get("short", ""), service=data.get("service", ""),
                  result=acc.result(weight),
                  sample=sample_status(acc.respondents, int(data["population"])))


def _vote_row_to_json(row) -> dict:
    return {"agency_id": row.agency_id, "agency": row.agency, "short": row.short,
            "hour": row.hour, "counts": list(row.shares.counts),
            "reasons": _reasons_to_json(row.reasons)}


def _reasons_to_json(counts) -> dict:
    """{reason key: [votes with face 1–2, votes with face 3–4]}"""
    return {key: [int(low), int(high)] for key, (low, high) in counts.items()}


def _reasons_from_json(data) -> dict:
    return {str(key): (int(pair[0]), int(pair[1])) for key, pair in (data or {}).items()}


def report_to_json(report) -> dict:
    from kiosk.reports.data import DemandReport, IkmReport, VotesReport
    from kiosk.reports.suggestions import SuggestionsReport
    from kiosk.reports import service_times
    if isinstance(report, service_times.ServiceTimes):
        return service_times.to_json(report)
    head = {"from": report.period.start.isoformat(), "to": report.period.end.isoformat(),
            "mpp_name": report.mpp_name, "lang": report.lang}
    if isinstance(report, IkmReport):
        return {"kind": "ikm", **head, "weight": report.weight, "title": report.title,
                "total": _ikm_row_to_json(report.total),
                "agencies": [_ikm_row_to_json(r) for r in report.agencies],
                "services": [_ikm_row_to_json(r) for r in report.services]}
    if isinstance(report, VotesReport):
        return {"kind": "votes", **head, "rows": [_vote_row_to_json(r) for r in report.rows],
                "total": list(report.total.counts),
                "total_reasons": _reasons_to_json(report.total_reasons)}
    if isinstance(report, DemandReport):
        return {"kind": "demand", **head, "zone": report.zone, "hours": list(report.hours),
                "rows": [{"agency_id": r.agency_id, "agency": r.agency, "short": r.short,
                          "per_hour": {str(h): n for h, n in r.per_hour.items()}}
                         for r in report.rows]}
    if isinstance(report, SuggestionsReport):
        return {"kind": "suggestions", **head, "zone": report.zone,
                "rows": [{"id": r.id, "at": r.at.isoformat(), "kiosk_id": r.kiosk_id,
                          "agency_id": r.agency_id, "agency": r.agency, "short": r.short,
                          "service_id": r.service_id, "service": r.service, "text": r.text,
                          "contact": r.contact,
                          "handled_at": r.handled_at.isoformat() if r.handled_at else None}
                         for r in report.rows]}
    raise TypeError(f"not a report: {type(report).__name__}")


def report_from_json(data: dict):
    """The report dataclass (kiosk.reports) the hub computed."""
    from kiosk.reports.data import (DemandReport, DemandRow, IkmReport, Period, VoteRow,
                                    VotesReport)
    from kiosk.survey import FaceShares
    period = Period(date.fromisoformat(data["from"]), date.fromisoformat(data["to"]))
    head = dict(period=period, mpp_name=data.get("mpp_name", ""), lang=data.get("lang", "id"))
    kind = data.get("kind")
    if kind == "service-times":
        from kiosk.reports import service_times
        return service_times.from_json(data, period)
    if kind == "ikm":
        weight = data["weight"]
        return IkmReport(**head, weight=weight, title=data.get("title", ""),
                         total=_ikm_row_from_json(data["total"], weight),
                         agencies=tuple(_ikm_row_from_json(r, weight) for r in data["agencies"]),
                         services=tuple(_ikm_row_from_json(r, weight) for r in data["services"]))
    if kind == "votes":
        return VotesReport(**head, rows=tuple(
            VoteRow(r.get("agency_id"), r.get("agency", ""), r.get("short", ""), r.get("hour"),
                    FaceShares(tuple(int(n) for n in r["counts"])),
                    _reasons_from_json(r.get("reasons"))) for r in data["rows"]),
            total=FaceShares(tuple(int(n) for n in data["total"])),
            total_reasons=_reasons_from_json(data.get("total_reasons")))
    if kind == "demand":
        return DemandReport(**head, zone=data.get("zone", ""),
                            hours=tuple(int(h) for h in data["hours"]),
                            rows=tuple(DemandRow(r.get("agency_id"), r.get("agency", ""),
                                                 r.get("short", ""),
                                                 {int(h): int(n) for h, n in r["per_hour"].items()})
                                       for r in data["rows"]))
    if kind == "suggestions":
        from kiosk.reports.suggestions import SuggestionRow, SuggestionsReport
        zone = ZoneInfo(data.get("zone") or "Asia/Jakarta")

        def when(value):
            return datetime.fromisoformat(value).astimezone(zone) if value else None
        return SuggestionsReport(**head, zone=zone.key, rows=tuple(
            SuggestionRow(id=r["id"], at=when(r["at"]), kiosk_id=r.get("kiosk_id", ""),
                          agency_id=r.get("agency_id"), agency=r.get("agency", ""),
                          short=r.get("short", ""), service_id=r.get("service_id"),
                          service=r.get("service", ""), text=r.get("text", ""),
                          contact=r.get("contact", ""), handled_at=when(r.get("handled_at")))
            for r in data["rows"]))
    raise ValueError(f"unknown report kind {kind!r}")


def vote_to_json(vote) -> dict:
    """A kiosk's vote (kiosk.survey.records.VoteRecord) as POST /v1/votes takes it."""
    return {"face": vote.face, "ticket_id": vote.ticket_id, "agency_id": vote.agency_id,
            "service_id": vote.service_id, "reason": vote.reason,
            "at": vote.stamp.at.isoformat()}


def skm_to_json(response) -> dict:
    """A kiosk's SKM response (kiosk.survey.records.SkmRecord) as POST /v1/skm takes it."""
    return {"profile": response.profile, "answers": response.answers,
            "ticket_id": response.ticket_id, "agency_id": response.agency_id,
            "service_id": response.service_id, "suggestion": response.suggestion,
            "contact": response.contact, "at": response.stamp.at.isoformat()}


# The kiosk panel's IKM of the day (GET /v1/panel/today): the figures the IKM is computed
# from, without names or text.
def panel_ikm_to_json(row) -> dict:
    result = row.result
    return {"respondents": result.respondents, "sums": dict(result.sums),
            "counts": dict(result.counts), "population": row.sample.population}


def panel_from_json(data: dict, weight: str = "exact"):
    """(faces, IKM result or None when nobody answered, open suggestions)."""
    from kiosk.survey import FaceShares, IkmAccumulator
    ikm = data["ikm"]
    acc = IkmAccumulator.from_sums(ikm["sums"], ikm["counts"], ikm["respondents"])
    result = acc.result(weight)
    return (FaceShares(tuple(int(n) for n in data["faces"])),
            result if result.respondents else None, int(data["suggestions_open"]))
