"""The JSON Schemas: the single source of truth for the structure of every record.

The files in ``schemas/`` hold the structure; a municipality's vocabulary from
``taxonomy.yml`` is injected as ``enum`` when a directory is validated, so the published
schemas (and editors that autocomplete from them) know the real ids. Validators are built
once per run and reused: compiling per record costs 30x (measured: 110 s against 3.9 s
for 15,000 records).
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache, cached_property
from importlib import resources, util
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

from .load import Document, Path_, field_name
from .problems import Problem

RECORD_TYPES = ("association", "event", "newsletter", "settings", "taxonomy")
VOCABULARIES = {
    "kind": "kinds",
    "topic": "topics",
    "offer": "offers",
    "seek": "seeks",
    "format": "formats",
    "accessibility": "accessibility",
}
"""``$defs`` name in the schemas to the taxonomy key whose ids it allows."""


@cache
def _text(name: str) -> str:
    return resources.files(__package__).joinpath("schemas", f"{name}.json").read_text("utf-8")


def _read(name: str) -> dict[str, Any]:
    """A schema file's content, a new object each time: parsing it again is a tenth of
    what copying the parsed one costs (``copy.deepcopy``: 2 ms of a one-file check)."""
    return json.loads(_text(name))


def _vocabulary_defs(taxonomy: Mapping[str, Any]) -> dict[str, Any]:
    """The ``$defs`` that put a taxonomy's ids into a schema as enums."""
    # "x-vocabulary" names the taxonomy key, so that a message can say where the
    # allowed ids come from ("not one of the topics in taxonomy.yml").
    defs: dict[str, Any] = {}
    for def_name, key in VOCABULARIES.items():
        vocabulary = taxonomy.get(key)
        ids = sorted(vocabulary) if isinstance(vocabulary, Mapping) else []
        defs[def_name] = {"type": "string", "enum": ids, "x-vocabulary": key}
    districts = taxonomy.get("districts")
    if isinstance(districts, list) and districts:
        defs["district"] = {"type": "string", "enum": [str(d) for d in districts],
                            "x-vocabulary": "districts"}
    return defs


def schema(name: str, taxonomy: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build a standalone schema for one record type, with the taxonomy's ids as enums."""
    result = _read(name)
    defs = _read("_defs")["$defs"]
    defs.update(result.get("$defs", {}))
    result["$defs"] = defs
    if taxonomy is not None:
        defs.update(_vocabulary_defs(taxonomy))
    return result


_ANNOTATIONS = frozenset({"$schema", "$defs", "title", "description", "examples", "default"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})


def _fast_schema(value: Any, defs: Mapping[str, Any] | None = None) -> Any:
    """The schema as fastjsonschema reads it: draft-07 keywords only (the ones we use are
    the same in 2020-12), without annotations, and every ``$ref`` replaced by its
    definition: the code fastjsonschema makes for a reference is a function call that
    formats the value's path on every call, a third of the time it needs for a record.
    (Our definitions do not refer to themselves, so replacing them ends.)"""
    if not isinstance(value, dict):
        return [_fast_schema(v, defs) for v in value] if isinstance(value, list) else value
    if defs is None:
        defs = value.get("$defs", {})
    rest: dict[str, Any] = {}
    for key, item in value.items():
        if key.startswith("x-") or key in _ANNOTATIONS:
            continue
        if key in _SCHEMA_MAPS:  # names of properties, not keywords
            rest[key] = {name: _fast_schema(sub, defs) for name, sub in item.items()}
        elif key in ("enum", "const", "required"):
            rest[key] = item
        else:
            rest[key] = _fast_schema(item, defs)
    ref = rest.pop("$ref", None)
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = _fast_schema(defs[ref.removeprefix("#/$defs/")], defs)  # type: ignore[index]
        return {"allOf": [target, rest]} if rest else target
    if ref is not None:
        rest["$ref"] = ref
    return rest


def cache_folder() -> Path | None:
    """Where compiled validators are kept: ``$VERBUND_CACHE_DIR``, else the user's cache
    folder (``$XDG_CACHE_HOME/verbund`` or ``~/.cache/verbund``); None to keep none."""
    chosen = os.environ.get("VERBUND_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "verbund")


class Invalid(ValueError):
    """Raised by a compiled validator for a record that fails its schema.

    The code fastjsonschema writes imports its own exception classes, and so all of
    fastjsonschema (3.5 ms of a 50 ms one-file check); kept code runs with this one in
    their place. Only "valid or not" is read from it: the messages come from jsonschema.
    """

    def __init__(self, message: object = "", *args: object, **kwargs: object) -> None:
        super().__init__(message)


class _DecimalType(type):
    def __instancecheck__(cls, value: object) -> bool:
        decimal = sys.modules.get("decimal")
        return decimal is not None and isinstance(value, decimal.Decimal)


class _Decimal(metaclass=_DecimalType):
    """``decimal.Decimal`` for ``isinstance`` without importing it: while the module is
    not loaded, no value can be a Decimal (the number checks of the written code)."""


_EXCEPTIONS_IMPORT = ("from fastjsonschema import JsonSchemaValueException, "
                      "JsonSchemaValuesException\n")
_DECIMAL_IMPORT = "from decimal import Decimal\n"


def _standalone(source: str) -> str:
    """The written code without the imports that the names it runs with replace.

    A line is removed only when it is exactly the expected one, and ``Decimal``'s only
    where the code never calls it (``multipleOf`` does): code of another fastjsonschema
    version keeps its imports and runs as written.
    """
    source = source.replace(_EXCEPTIONS_IMPORT, "", 1)
    if "Decimal(" not in source:
        source = source.replace(_DECIMAL_IMPORT, "", 1)
    return source


@cache
def _generator_version() -> str | None:
    """The version file of fastjsonschema, read without importing fastjsonschema."""
    spec = util.find_spec("fastjsonschema")
    if spec is None or spec.origin is None:
        return None
    try:
        return Path(spec.origin).with_name("version.py").read_text("utf-8")
    except OSError:
        return None


@cache
def _own_source() -> str | None:
    """The source of this module: how schemas become the code that is kept (``_fast_schema``,
    ``_standalone``) is part of what kept code is made from."""
    try:
        return Path(__file__).read_text("utf-8")
    except OSError:
        return None


def _made_from(name: str, taxonomy: Mapping[str, Any] | None) -> str | None:
    """All that a validator's code is made from, as text; None when some of it is unknown
    (the code is then made anew every run and not kept)."""
    generator, own = _generator_version(), _own_source()
    if generator is None or own is None:
        return None
    ids = None if taxonomy is None else _vocabulary_defs(taxonomy)
    return json.dumps([generator, sys.version, own, _text(name), _text("_defs"), ids],
                      sort_keys=True)


def compiled(name: str, taxonomy: Mapping[str, Any] | None = None
             ) -> tuple[Callable[[Any], Any], tuple[type[Exception], ...]]:
    """The fastjsonschema validator for a record type, its code kept between runs, and
    the exceptions it raises for an invalid record.

    Writing and compiling the code takes 20 ms a schema: more than checking the one file
    a volunteer just changed. The code is kept together with all it is made from (the
    schema files, the taxonomy's ids, this module, fastjsonschema's and Python's
    versions) and used only when that is exactly the same, so a changed taxonomy or an
    upgrade compiles anew. The file is named by a checksum of it: two schemas that share
    a name take turns, never each other's code (and hashlib's start-up costs more than a
    check). Kept code runs without importing fastjsonschema (see ``Invalid``).
    """
    made_from = _made_from(name, taxonomy)
    folder = cache_folder() if made_from is not None else None
    file = None
    code = None
    if folder is not None and made_from is not None:
        file = folder / f"validator-{zlib.crc32(made_from.encode()):08x}.marshal"
        try:
            kept_from, code = marshal.loads(file.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            code = None
        else:
            code = code if kept_from == made_from else None
    if code is None:
        import fastjsonschema

        fast = _fast_schema(schema(name, taxonomy))
        source = _standalone(fastjsonschema.compile_to_code(fast, use_default=False))
        code = compile(source, f"<validator {name}>", "exec")
        if file is not None:
            _store(file, marshal.dumps((made_from, code)))
    namespace: dict[str, Any] = {"JsonSchemaValueException": Invalid,
                                 "JsonSchemaValuesException": Invalid, "Decimal": _Decimal}
    exec(code, namespace)  # code fastjsonschema wrote from our own schema
    raised = (namespace["JsonSchemaValueException"], namespace["JsonSchemaValuesException"])
    return namespace["validate"], raised


def _store(file: Path, data: bytes) -> None:
    """Write whole or not at all: a run beside this one may read the file meanwhile."""
    import tempfile  # only when compiling, not at start-up

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".validator-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, file)
    except OSError:
        pass  # no cache, then: the next run compiles again


class RecordValidator:
    """A compiled validator for one record type that speaks in the volunteers' terms.

    Two validators, one schema: fastjsonschema compiles it to Python code and answers
    "valid?" for a record in microseconds (measured: 0.25 s against jsonschema's 3.9 s
    for 15,000 records); only a record that fails is walked again by jsonschema, which
    reports every error with its path, for the messages. Both read the same schema, and
    every rule's test runs a bad record through both.
    """

    def __init__(self, name: str, taxonomy: Mapping[str, Any] | None = None) -> None:
        self.name = name
        self._taxonomy = taxonomy
        self._validator: Any = None  # jsonschema, built when a record first fails
        self._fast, self._invalid = compiled(name, taxonomy)

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The schema with the taxonomy's ids, read when a record fails (for jsonschema)."""
        return schema(self.name, self._taxonomy)

    def is_valid(self, data: Any) -> bool:
        try:
            self._fast(data)
        except self._invalid:
            return False
        return True

    def problems(self, doc: Document) -> Iterator[Problem]:
        if self.is_valid(doc.data):
            return
        if self._validator is None:
            import jsonschema

            self._validator = jsonschema.validators.validator_for(self.schema)(self.schema)
        for error in self._validator.iter_errors(doc.data):
            yield from _translate(error, doc)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields (key: value)",
    "null": "nothing",
}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "ja", "nein", "wahr", "falsch"}


def _describe(value: Any, raw: str | None) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {raw or str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {raw or value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _type_message(error: ValidationError, doc: Document, path: Path_) -> str:
    expected = error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    value, raw = error.instance, doc.raw.get(path)
    if value is None:
        return "is empty; write a value or remove the line"
    if "string" in expected and "object" in expected:
        return (f"is {_describe(value, raw)}; write text, or one text per language "
                'such as {de: "…", en: "…"}')
    if expected == ["string"] and raw is not None:
        return f'{raw} is read as {_describe(value, raw)}, not text; quote it: "{raw}"'
    if expected == ["boolean"]:
        if isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
            return f"'{value}' is not a boolean; use true or false"
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return f"'{value}' is text; write {value.lower()} without quotes"
        return f"is {_describe(value, raw)}; use true or false"
    if expected[0] in ("integer", "number") and isinstance(value, str):
        if value.strip().lstrip("+-").replace(".", "", 1).isdigit():
            return f"'{value}' is text; write the number without quotes: {value.strip()}"
        return f"is {_describe(value, raw)}; write {_TYPE_WORDS[expected[0]]}"
    if expected == ["integer"] and isinstance(value, float):
        return f"{raw or value} is not a whole number"
    if expected == ["array"] and not isinstance(value, dict):
        return (f"is {_describe(value, raw)}; write a list, e.g. [a, b] or one '- item' per line")
    words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
    return f"is {_describe(value, raw)}; expected {words}"


def _suggest(value: str, choices: list[str]) -> str:
    from difflib import get_close_matches  # only for a mistake, not at start-up

    close = get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _translate(error: ValidationError, doc: Document) -> Iterator[Problem]:
    """Turn one jsonschema error into problems that name the field and the fix."""
    path: Path_ = tuple(error.absolute_path)
    name = field_name(path)
    prefix = f"{name}: " if name else ""
    keyword = error.validator
    value = error.instance
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None

    if "propertyNames" in error.relative_schema_path:
        # jsonschema reports a bad key against its mapping; point at the key itself.
        yield doc.problem(
            (*path, value), f"{prefix}'{value}' {hint or 'is not allowed as a key here'}", key=True
        )
        return

    if keyword == "required":
        missing = [k for k in error.validator_value if k not in value]
        # A mapping under a key is reported at its key ("contact:"); an item of a list
        # has no key, so at the item itself ("- name: …").
        at_key = bool(path) and isinstance(path[-1], str)
        for key in missing:
            where = f"{name}: " if name else ""
            extra = ""
            if key == "consent":
                extra = ": the date the person agreed to be published"
            yield doc.problem(path, f"{where}missing required field '{key}'{extra}", key=at_key)
        return
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            key_path = (*path, key)
            where = f"in {name}: " if name else ""
            suggestion = _suggest(key, allowed) or (
                f" (allowed: {', '.join(allowed)})" if allowed else ""
            )
            yield doc.problem(key_path, f"{where}unknown field '{key}'{suggestion}", key=True)
        return
    if keyword == "type":
        yield doc.problem(path, prefix + _type_message(error, doc, path))
        return
    if keyword == "enum":
        if not isinstance(value, str) and error.schema.get("type") == "string":
            return  # the type error says it better ("3 is read as a number; quote it")
        choices = [str(c) for c in error.validator_value]
        shown = value if not isinstance(value, str) else f"'{value}'"
        vocabulary = error.schema.get("x-vocabulary")
        if not choices:
            yield doc.problem(path, f"{prefix}{shown} is not allowed: taxonomy.yml defines no "
                              f"{vocabulary or 'ids here'}; add it there first")
            return
        what = f"the {vocabulary} in taxonomy.yml" if vocabulary else "the allowed values"
        listing = ", ".join(choices[:30]) + (", …" if len(choices) > 30 else "")
        suggestion = _suggest(value, choices) if isinstance(value, str) else ""
        yield doc.problem(
            path, f"{prefix}{shown} is not one of {what}{suggestion} (choose from: {listing})"
        )
        return
    if keyword in ("minLength", "maxLength"):
        length = len(value)
        limit = error.validator_value
        if keyword == "maxLength":
            msg = f"is {length:,} characters long; the limit is {limit:,}: shorten it"
        elif length == 0:
            msg = "is empty; write a text or remove the line"
        else:
            msg = f"is {length} character{'s' * (length != 1)} long; at least {limit} are needed"
        yield doc.problem(path, prefix + msg)
        return
    if keyword in ("minItems", "maxItems"):
        limit = error.validator_value
        if keyword == "minItems":
            msg = f"needs at least {limit} entr{'y' if limit == 1 else 'ies'}"
        else:
            msg = f"has {len(value)} entries; at most {limit} are allowed"
        yield doc.problem(path, prefix + msg)
        return
    if keyword in ("minProperties", "maxProperties"):
        yield doc.problem(path, prefix + "is empty; write at least one language, e.g. de: …")
        return
    if keyword == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            marker = json.dumps(item, sort_keys=True)
            if marker in seen:
                yield doc.problem((*path, index), f"{name}[{index}]: {item!r} is listed twice")
            seen.add(marker)
        return
    if keyword in ("minimum", "maximum"):
        word = "below the minimum" if keyword == "minimum" else "above the maximum"
        yield doc.problem(path, f"{prefix}{value} is {word} {error.validator_value}")
        return
    if keyword == "pattern":
        if hint:
            yield doc.problem(path, f"{prefix}'{value}' {hint}")
        else:
            yield doc.problem(path, f"{prefix}'{value}' does not have the expected form")
        return
    # Every keyword the schemas use is handled above; this is the safety net.
    yield doc.problem(path, f"{prefix}{error.message}")  # pragma: no cover
