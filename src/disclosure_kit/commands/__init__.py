"""Command modules of the CLI; each defines ``register(app)``.

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
}

COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))
