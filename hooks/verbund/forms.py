"""The contribution forms by name, and the kind of record each one writes.

A module of their own so that the command line can offer them (``verbund from-issue
--form``) without loading the forms' fields: every ``verbund`` command builds the whole
parser when it starts, checking one file in an editor included.
"""

FORMS = ("association", "update", "event")
RECORD_OF_FORM = {"association": "association", "update": "association", "event": "event"}
