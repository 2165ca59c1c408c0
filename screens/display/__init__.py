"""The hall display board (`kiosk display`): its own Kivy App over kiosk.display's model."""
