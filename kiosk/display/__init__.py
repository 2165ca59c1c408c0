"""The hall display board's core: the picture as a reducer over hub events, and the feed
that brings those events (Server-Sent Events) in the background. No Kivy here."""
