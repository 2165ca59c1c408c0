"""The counter side of the queue: counters, the calling rule, a ticket's life past issue,
exact people ahead, wait estimates and measured service times.

    model    Counter, CallingPolicy, counter states (open / paused / closed), lookups
    config   [[counter]], [calling] and the agency policy keys of catalog.toml (called by
             kiosk.config; problems reported with file and key)
    life     statuses past issued, the transition table, officer actions (advance)
    legs     each queue a transferred ticket waited in (closed_leg, replay of its steps)
    calling  WaitingTicket and the rule "call next" applies (call_next)
    ahead    people ahead by running the rule; wait estimate from today's measured pace
    times    waiting and service times per agency / service / counter / hour (report data)
    waiting_now  tickets waiting now per agency: count and longest wait (the staff panel)

Everything here is pure: plain values in, plain values out. No store, no I/O, no clock
(callers pass `now`), no Kivy, FastAPI or SQL: the store, the hub, the console, the display
and the reports build on these functions and must not copy their rules.
"""

from .ahead import (
    MIN_SAMPLES, RECENT, Estimate, Pace, estimate, estimate_wait, pace, paces, people_ahead,
    serving_counters, tickets_ahead,
)
from .calling import (
    Lines, WaitingTicket, call_next, in_priority_series, priority_due, queue_group, transferred,
)
from .life import (
    ACTIONS, AT_COUNTER, CALL, CALLED, FINAL, FINISH, MARK_NO_SHOW, NO_SHOW, RECALL, SERVED,
    SERVING, START, TRANSFER, TRANSFERRED, TRANSITIONS, WAITING, LifeError, Step, TicketLife,
    advance, can_become,
)
from .model import (
    CLOSED, DEFAULT_POLICY, FIRST, INTERLEAVE, OPEN, PAUSED, POLICIES, STATES, CallingPolicy,
    Counter, counter_by_id, counters_of, policy_for,
)
from .times import (
    ServiceTimesReport, TicketTimes, Times, TimesRow, figures, median, percentile,
    service_times, service_times_report,
)

__all__ = [
    "MIN_SAMPLES", "RECENT", "Estimate", "Pace", "estimate", "estimate_wait", "pace", "paces",
    "people_ahead", "serving_counters", "tickets_ahead",
    "Lines", "WaitingTicket", "call_next", "in_priority_series", "priority_due", "queue_group",
    "transferred",
    "ACTIONS", "AT_COUNTER", "CALL", "CALLED", "FINAL", "FINISH", "MARK_NO_SHOW", "NO_SHOW",
    "RECALL", "SERVED", "SERVING", "START", "TRANSFER", "TRANSFERRED", "TRANSITIONS", "WAITING",
    "LifeError", "Step", "TicketLife", "advance", "can_become",
    "CLOSED", "DEFAULT_POLICY", "FIRST", "INTERLEAVE", "OPEN", "PAUSED", "POLICIES", "STATES",
    "CallingPolicy", "Counter", "counter_by_id", "counters_of", "policy_for",
    "ServiceTimesReport", "TicketTimes", "Times", "TimesRow", "figures", "median", "percentile",
    "service_times", "service_times_report",
]
