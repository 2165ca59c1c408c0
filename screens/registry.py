"""Screen name -> "module:Class". Screens are built on first use (and, after the first
frame, one per idle frame in the background), so the welcome screen appears as fast as a
bare Kivy app; importing a screen module loads its kv file once."""

from importlib import import_module

SCREENS = {
    "welcome": "screens.welcome:WelcomeScreen",
    "agencies": "screens.agencies:AgenciesScreen",
    "services": "screens.services:ServicesScreen",
    "detail": "screens.detail:DetailScreen",
    "printing": "screens.printing:PrintingScreen",
    "ticket": "screens.ticket:TicketScreen",
    "fallback": "screens.fallback:FallbackScreen",
    "refusal": "screens.refusal:RefusalScreen",
    "booking": "screens.booking:BookingScreen",
    "staff_pin": "screens.staff:StaffPinScreen",
    "staff": "screens.staff:StaffScreen",
    "exit": "screens.exit:ExitScreen",
    "exit_thanks": "screens.exit_thanks:ExitThanksScreen",
    "skm_profile": "screens.skm_profile:SkmProfileScreen",
    "skm_question": "screens.skm_question:SkmQuestionScreen",
    "skm_suggestion": "screens.skm_suggestion:SkmSuggestionScreen",
}


def screen_class(name: str):
    module, _, cls = SCREENS[name].partition(":")
    return getattr(import_module(module), cls)
