"""``python -m verbund``: the ``verbund`` command."""

from .cli import run

run()
