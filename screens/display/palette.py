"""Hall TV colours: light text on deep blue, numbers in yellow, seen across a waiting hall.
The kiosk's header blue and teal band (screens.theme) frame it, so both look one family."""

from screens.theme import NORMAL, rgba

HALL = {
    "bg": rgba("#071A33"),
    "card": rgba("#0F2C52"),
    "line": rgba("#24507F"),
    "header": NORMAL["header"],
    "band": NORMAL["band"],
    "text": rgba("#FFFFFF"),                 # 16:1 on bg
    "soft": rgba("#B9CBE0"),                 # 9.6:1 on bg
    "number": rgba("#FFD400"),               # 12:1 on bg
    "highlight": rgba("#FFD400"),            # the latest call flashes yellow ...
    "on_highlight": rgba("#071A33"),         # ... with dark text on it (12:1)
    "paused": rgba("#FFB74D"),
    "closed": rgba("#8CA0B8"),
    "offline": rgba("#B3261E"),              # white text on it: 6.3:1
}
