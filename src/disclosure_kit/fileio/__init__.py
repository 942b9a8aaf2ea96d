"""Safe file input and output under every tool: a user's file is never half-written.

Owns atomic writes (``atomic``), bounded reads (``reading``, ``limits``), where outputs may go
(``targets``: never onto an input, never onto a folder) and temporary files that later runs
clean up (``tempfiles``). Bottom layer beside ``model``: imports nothing else of the package, so
every layer above may use it.
"""
