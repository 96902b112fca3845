"""MkDocs entry point: connects the build to the verbund package.

MkDocs puts this file's folder on sys.path while loading it, so the package beside it
imports; all logic lives there.
"""

from verbund.mkdocs_events import (  # noqa: F401 - MkDocs looks the handlers up by name
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_markdown,
    on_post_build,
    on_serve,
    on_shutdown,
    on_startup,
)
