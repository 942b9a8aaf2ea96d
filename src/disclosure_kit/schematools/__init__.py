"""Tools for the people who maintain the schema: what changed between versions (``diff``) and the
reference documentation generated from a schema (``docs``).

Reads schemas through ``model``; never touches report files.
"""
