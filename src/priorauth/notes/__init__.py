"""The note reader: clinical free text → evidence for the fact catalog (docs/note-reading.md)."""
