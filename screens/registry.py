"""Screen name -> class, in one place; importing a screen module loads its kv file once."""

from screens.agencies import AgenciesScreen
from screens.booking import BookingScreen
from screens.detail import DetailScreen
from screens.fallback import FallbackScreen
from screens.printing import PrintingScreen
from screens.refusal import RefusalScreen
from screens.services import ServicesScreen
from screens.staff import StaffPinScreen, StaffScreen
from screens.ticket import TicketScreen
from screens.welcome import WelcomeScreen

SCREENS = {
    "welcome": WelcomeScreen,
    "agencies": AgenciesScreen,
    "services": ServicesScreen,
    "detail": DetailScreen,
    "printing": PrintingScreen,
    "ticket": TicketScreen,
    "fallback": FallbackScreen,
    "refusal": RefusalScreen,
    "booking": BookingScreen,
    "staff_pin": StaffPinScreen,
    "staff": StaffScreen,
}
