"""Command modules of the CLI; each defines ``register(app)``. Order is the order of ``--help``."""

COMMAND_MODULES: tuple[str, ...] = (
    "validate",
    "render",
    "dataset",
    "schema",
    "new",
    "fill",
    "migrate",
    "export",
    "importing",
)
