"""``disclosure-kit serve`` as a command: listed, and never paid for by the other commands."""

from __future__ import annotations

import subprocess
import sys

from .support import EXAMPLES, free_port


def test_validate_does_not_import_the_web_stack() -> None:
    code = (
        "import sys\n"
        "from disclosure_kit.cli import main\n"
        f"try:\n    main(['validate', {str(EXAMPLES / '2021.yaml')!r}])\nexcept SystemExit as e:\n    code = e.code\n"
        "web = ('starlette', 'uvicorn', 'multipart', 'disclosure_kit.web')\n"
        "print(code, sorted(m for m in web if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.splitlines()[-1] == "0 []"


def test_serve_help_and_a_port_that_is_taken() -> None:
    help_text = subprocess.run([sys.executable, "-m", "disclosure_kit", "serve", "--help"], capture_output=True,
                               text=True).stdout
    for option in ("--host", "--port", "--workers", "--examples", "--import-memory"):
        assert option in help_text
    import socket

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        proc = subprocess.run([sys.executable, "-m", "disclosure_kit", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert f"error while attempting to bind on address ('127.0.0.1', {port})" in proc.stderr
