"""What the kiosk says in speech mode, in the screen's language (pure, translatable).

Every sentence is a msgid (kiosk/locale/*/guide.po); the screens pass what they show.
Ticket numbers are read as the hall voice reads them (kiosk.voice.ticket_words): letter
names, then the value — one implementation for both.
"""

from __future__ import annotations

from kiosk.i18n import N_, tr
from kiosk.voice import split_number, ticket_words
from kiosk.voice.numbers import prefix_words

KEYS_HINT = N_("Use the up and down keys to move, Enter to choose, Back to go back, "
               "and Help to hear this again.")
START_HINT = N_("For spoken guidance, press any key of the keypad below the screen, "
                "or hold the marked spot for two seconds.")
STARTED = N_("Spoken guidance is on.")

# per screen: its purpose and what can be done there
SCREENS = {
    "welcome": N_("Welcome. Take a queue number, check in a booking, or rate our service."),
    "agencies": N_("Choose an agency, or type what you need to search."),
    "services": N_("Choose a service of {agency}."),
    "detail": N_("{service}. Here is what to bring. Choose Take a number to get your ticket."),
    "printing": N_("Please wait, your ticket is being printed."),
    "ticket": N_("Your ticket."),
    "fallback": N_("The ticket could not be printed. Please show this screen to the staff."),
    "refusal": N_("A number cannot be taken now."),
    "booking": N_("Booking check-in. Type the 8 characters of your booking code after RSV, "
                  "then press Enter."),
    "exit": N_("How was our service today? Choose one of five faces, from very bad to very good."),
    "exit_thanks": N_("Thank you for your rating."),
    "skm_profile": N_("A few questions about you. Each one can be skipped."),
    "skm_question": N_("Survey question {n} of {total}: {question}"),
    "skm_suggestion": N_("Any suggestion for us? This step can be skipped."),
}


def screen_intro(screen: str, lang: str, title: str = "", **values) -> str:
    """The screen's title and what can be done there, then how the keys work."""
    parts = [title] if title else []
    msgid = SCREENS.get(screen)
    if msgid:
        parts.append(tr(msgid, lang, **values))
    parts.append(tr(KEYS_HINT, lang))
    return " ".join(p.strip() for p in parts if p and p.strip())


def item(label: str, lang: str, position: int, total: int, state: str = "",
         disabled: bool = False) -> str:
    """A focused item: its name, its state, and where it is ("3 dari 21")."""
    parts = [" ".join(label.split())]
    if state:
        parts.append(" ".join(state.split()))
    if disabled:
        parts.append(tr("not available", lang))
    parts.append(tr("{n} of {total}", lang, n=position, total=total))
    return ". ".join(p.rstrip(".") for p in parts if p) + "."


def quota_state(is_open: bool, remaining: int | None, refusal_text: str, lang: str) -> str:
    """A service's state as spoken: "sisa kuota 12", or why it is closed ("tutup hari ini")."""
    if not is_open:
        return refusal_text or tr("closed today", lang)
    if remaining is not None:
        return tr("{n} numbers left today", lang, n=remaining)
    return tr("open", lang)


def ticket_number(number: str, lang: str) -> str:
    """'A-013' -> 'A, 13' as the hall voice reads it ("a, tiga belas")."""
    words = [clip.text for clip in ticket_words(number, lang)]
    prefix, _ = split_number(number)
    n = len(prefix_words(prefix, lang)) if prefix else 0
    letters, value = " ".join(words[:n]), " ".join(words[n:])
    return f"{letters}, {value}" if letters else value


def ticket(number: str, service: str, counter: str, people_ahead: int, wait_minutes: int,
           lang: str) -> str:
    """Everything the ticket says, and where it came out."""
    parts = [tr("Your number is {number}.", lang, number=ticket_number(number, lang)),
             tr("Service: {service}.", lang, service=service),
             tr("Go to {counter} when your number is called.", lang, counter=counter)]
    if people_ahead <= 0:
        parts.append(tr("No one is ahead of you.", lang))
    else:
        parts.append(tr("{n} people are ahead of you, about {minutes} minutes.", lang,
                        n=people_ahead, minutes=max(1, wait_minutes)))
    parts.append(tr("The ticket came out below the screen.", lang))
    parts.append(tr("Press Help to hear this again.", lang))
    return " ".join(parts)


def volume(db: int, lang: str) -> str:
    return tr("Volume {level}", lang, level=db)


def idle_warning(seconds: int, lang: str) -> str:
    return tr("Are you still there? Press any key to continue. The kiosk starts over in "
              "{seconds} seconds.", lang, seconds=seconds)


def refused(message: str, lang: str) -> str:
    return tr("Not possible: {message}", lang, message=message)
