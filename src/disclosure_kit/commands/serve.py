"""``disclosure-kit serve``: the web validator and editor, and the HTTP API, on one port.

Only this command imports the web stack (Starlette, uvicorn, python-multipart); ``validate`` and
the other commands never do. Exit codes: 0 stopped normally, 2 wrong usage (a bad option), 3 the
server could not start (the port is taken: uvicorn says so) or failed.
"""

from __future__ import annotations

from pathlib import Path

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（内网部署时如 0.0.0.0）/ address to listen on"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="端口 / port"),
    workers: int = typer.Option(2, "--workers", min=1, max=64,
                                help="同时运行的导入进程数 / imports that may run at once, each in its own process"),
    examples: Path | None = typer.Option(None, "--examples", exists=True, file_okay=False, dir_okay=True,
                                         help="首页提供的示例报告目录 / report files offered on the home page"),
    import_memory: int = typer.Option(1536, "--import-memory", min=256,
                                      help="每个导入进程的内存上限（MiB）/ memory limit of one import process, MiB"),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level"),
) -> None:
    """启动网页校验与编辑服务和 HTTP 接口 / serve the web validator, the editor and the HTTP API.

    Limits on files (sizes, seconds per import) come from DISCLOSURE_KIT_LIMITS (docs/web.md).
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.config import ServeConfig

    config = ServeConfig(import_workers=workers, import_memory_mib=import_memory, examples=examples)
    app = create_app(config)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                    timeout_keep_alive=5, limit_concurrency=512,
                    timeout_graceful_shutdown=5)
    except OSError as exc:
        typer.echo(f"disclosure-kit serve: {host}:{port}: {exc.strerror or exc}", err=True)
        raise typer.Exit(3) from None


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
