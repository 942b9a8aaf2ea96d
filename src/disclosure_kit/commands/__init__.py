"""The command-line interface: one module per command, each defining ``register(app)``.

Commands parse options, call the library (``api`` and the packages below it) and map results to
exit codes; they hold no checking, rendering or importing logic of their own.

``COMMANDS`` maps every command name to the module that registers it, in the order of ``--help``.
It lets ``cli.main`` import only the module of the command being run (a lazy group), so that
``disclosure-kit validate`` does not pay for the imports and the option parsing of ten others.
"""

COMMANDS: dict[str, str] = {
    "validate": "validate",
    "render": "render",
    "renderers": "render",
    "import": "importing",
    "dataset": "dataset",
    "schema": "schema",
    "new": "new",
    "fill": "fill",
    "migrate": "migrate",
    "export": "export",
    "serve": "serve",
}

COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))
