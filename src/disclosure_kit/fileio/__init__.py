"""Safe file input and output under every tool: a user's file is never half-written.

Owns atomic writes (``atomic``). Bottom layer beside ``model``: imports nothing else of the
package, so every layer above may use it.
"""
