"""Renderers: one checked report in, one published document out (bytes; the caller writes them).

``registry`` finds every renderer (built-ins and plug-ins) through the entry-point group
``disclosure_kit.renderers``; ``base`` holds the protocol and ``RenderContext``. Renderer modules
are imported only when a renderer is asked for, so importing this package stays cheap.
"""
