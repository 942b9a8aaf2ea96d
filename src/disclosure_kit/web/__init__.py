"""The HTTP service of ``disclosure-kit serve``: pages for agency clerks and ``/api/v1/`` for portals.

Every check, render and import goes through ``disclosure_kit.api``, the functions the command line
uses, so a report gives the same findings in a terminal, a browser and an HTTP client. Nothing here
is imported by the command line except ``commands/serve.py``: ``validate`` never pays for Starlette.

``app.create_app(config)`` builds the ASGI application; ``workers`` runs imports of untrusted
files in separate processes with a time and a memory limit; ``security`` bounds request bodies and
sets the headers; ``pages`` draws the check page and the editor from the official table layout.
"""
