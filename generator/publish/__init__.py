"""Putting a checked site in place: which folders may be written, the atomic swap, and republishing."""
