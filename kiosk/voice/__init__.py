"""Hall announcements read aloud: which clips, in which order (pure; audio is in devices/)."""

from kiosk.voice.phrases import Announcement, VoiceOptions, announce, counter_words
from kiosk.voice.numbers import ticket_words, split_number
from kiosk.voice.vocabulary import CHIME, CLIPS, Clip, manifest, speech_clips, write_manifest

__all__ = ["Announcement", "VoiceOptions", "announce", "counter_words", "ticket_words",
           "split_number", "CHIME", "CLIPS", "Clip", "manifest", "speech_clips", "write_manifest"]
