"""Proof before publishing: the leak guard, the self-containment check, and tracing a refusal to its cause."""
