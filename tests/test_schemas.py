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
