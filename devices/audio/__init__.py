"""Sound for the hall: an output facade (aplay/paplay, or a WAV-file stand-in for tests),
clips normalised to one format, and the Announcer that plays announcements one at a time.

    from devices.audio import Announcer, ClipLibrary, open_output
    from devices.speech import open_speech
    announcer = Announcer(open_output("auto"), ClipLibrary(clip_folder, open_speech()))
    announcer.announce(kiosk.voice.announce("A-013", {"id": "Loket 3", "en": "Counter 3"}))
"""

from devices.audio.announcer import Announcer
from devices.audio.clips import ClipLibrary
from devices.audio.output import (AplayOutput, AudioError, AudioOutput, PaplayOutput,
                                  WavFileOutputStandIn, open_output)

__all__ = ["Announcer", "ClipLibrary", "AplayOutput", "AudioError", "AudioOutput",
           "PaplayOutput", "WavFileOutputStandIn", "open_output"]
