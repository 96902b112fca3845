"""Compiled validators kept between runs, and the copy of CLDR's codes: never stale."""

from __future__ import annotations

import json
from pathlib import Path

import fastjsonschema
import pytest
import verbund.schemas as schemas
from verbund import values
from verbund.load import Document

TAXONOMY = {"kinds": {"club": {"de": "Verein"}}, "topics": {"culture": {"de": "Kultur"}},
            "formats": {"talk": {"de": "Vortrag"}}}
RECORD = {"name": "Café Grenzenlos", "kind": "club", "summary": {"de": "Ein Café."},
          "topics": ["culture"], "reviewed": "2026-10-01"}


def valid(validator: schemas.RecordValidator, data: dict[str, object]) -> bool:
    return not list(validator.problems(Document("x.yml", "/x.yml", data, text="x: 1\n")))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERBUND_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_second_run_uses_the_compiled_code(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = schemas.RecordValidator("association", TAXONOMY)
    assert len(list(cache.glob("validator-*.marshal"))) == 1

    def fail(*args: object, **kwargs: object) -> str:
        raise AssertionError("compiled again")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", fail)
    second = schemas.RecordValidator("association", TAXONOMY)
    for validator in (first, second):
        assert valid(validator, RECORD)
        assert not valid(validator, {**RECORD, "topics": ["sports"]})


def test_a_changed_taxonomy_is_never_checked_with_old_code(cache: Path) -> None:
    schemas.RecordValidator("association", TAXONOMY)
    grown = {**TAXONOMY, "topics": {**TAXONOMY["topics"], "sports": {"de": "Sport"}}}
    validator = schemas.RecordValidator("association", grown)
    assert valid(validator, {**RECORD, "topics": ["sports"]})
    assert len(list(cache.glob("validator-*.marshal"))) == 2


def test_schemas_whose_files_share_a_name_never_run_each_others_code(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file name is a 32-bit checksum: two schemas may meet under one name."""
    monkeypatch.setattr(schemas.zlib, "crc32", lambda data: 0)
    grown = {**TAXONOMY, "topics": {**TAXONOMY["topics"], "sports": {"de": "Sport"}}}
    sports = {**RECORD, "topics": ["sports"]}
    # The compiled code alone: the messages come from jsonschema, which reads the schema.
    assert not schemas.RecordValidator("association", TAXONOMY).is_valid(sports)
    assert schemas.RecordValidator("association", grown).is_valid(sports)
    assert not schemas.RecordValidator("association", TAXONOMY).is_valid(sports)
    assert len(list(cache.glob("validator-*.marshal"))) == 1


def test_a_broken_cache_file_is_compiled_again(cache: Path) -> None:
    schemas.RecordValidator("association", TAXONOMY)
    [file] = cache.glob("validator-*.marshal")
    file.write_bytes(b"not marshal data")
    assert valid(schemas.RecordValidator("association", TAXONOMY), RECORD)
    assert file.read_bytes() != b"not marshal data"


def test_an_unwritable_cache_still_validates(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("VERBUND_CACHE_DIR", str(blocker / "cache"))
    assert valid(schemas.RecordValidator("association", TAXONOMY), RECORD)
    monkeypatch.setenv("VERBUND_CACHE_DIR", "")
    assert schemas.cache_folder() is None
    assert valid(schemas.RecordValidator("association", TAXONOMY), RECORD)


def test_the_copy_of_cldr_codes_is_current() -> None:
    copy = json.loads((Path(values.__file__).parent / "codes.json").read_text("utf-8"))
    assert copy == values.cldr_codes(), (
        "Babel's CLDR data changed; refresh the copy with: python -c \"import json; from "
        "verbund.values import cldr_codes; print(json.dumps(cldr_codes(), indent=1))\" "
        "> hooks/verbund/codes.json")


@pytest.mark.parametrize("made_from", ["_generator_version", "_own_source"])
def test_code_made_by_other_code_is_compiled_anew(
    cache: Path, monkeypatch: pytest.MonkeyPatch, made_from: str
) -> None:
    """Another fastjsonschema, or another version of this module (which turns schemas
    into what fastjsonschema reads), may write other code from the same schema."""
    schemas.RecordValidator("association", TAXONOMY)
    compiled: list[object] = []
    real = fastjsonschema.compile_to_code
    monkeypatch.setattr(fastjsonschema, "compile_to_code",
                        lambda *a, **k: compiled.append(a) or real(*a, **k))
    schemas.RecordValidator("association", TAXONOMY)
    assert compiled == []
    monkeypatch.setattr(schemas, made_from, lambda: "something else")
    assert valid(schemas.RecordValidator("association", TAXONOMY), RECORD)
    assert len(compiled) == 1


def test_kept_code_tells_invalid_from_valid_with_its_own_exception(cache: Path) -> None:
    for _ in range(2):  # written, then kept
        validator = schemas.RecordValidator("association", TAXONOMY)
        assert validator._invalid == (schemas.Invalid, schemas.Invalid)
        assert validator.is_valid(RECORD)
        assert not validator.is_valid({**RECORD, "founded": "1990"})


def test_a_decimal_is_a_number_to_kept_code_as_to_fastjsonschema(cache: Path) -> None:
    from decimal import Decimal

    settings = {"municipality": "Kassel", "bounds": [[Decimal("51.2"), 9], [51.4, 9.6]]}
    own = fastjsonschema.compile(schemas._fast_schema(schemas.schema("settings")))
    own(settings)
    for _ in range(2):
        assert schemas.RecordValidator("settings").is_valid(settings)
    assert not isinstance(1.5, schemas._Decimal)
    assert not isinstance("51.2", schemas._Decimal)
    assert isinstance(Decimal("51.2"), schemas._Decimal)


def test_code_that_calls_decimal_keeps_its_import() -> None:
    source = fastjsonschema.compile_to_code({"multipleOf": 0.1})
    standalone = schemas._standalone(source)
    assert "from decimal import Decimal\n" in standalone
    assert "from fastjsonschema import" not in standalone
    namespace = {"JsonSchemaValueException": schemas.Invalid,
                 "JsonSchemaValuesException": schemas.Invalid}
    exec(compile(standalone, "<test>", "exec"), namespace)
    namespace["validate"](0.3)
    with pytest.raises(schemas.Invalid):
        namespace["validate"](0.35)


def test_code_of_another_fastjsonschema_runs_as_written() -> None:
    source = "from fastjsonschema import JsonSchemaValueException\nx = 1\n"
    assert schemas._standalone(source) == source
