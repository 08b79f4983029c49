"""The exchange file that carries a ledger (or a township of it) to another ledger.

A zip archive: ``tables/<table>.jsonl`` (one JSON object a line per record, in the order the
records were made), ``attachments/<name>`` (visit photos, named by their content hash) and
``manifest.json``, written last: the format and its version, the source ledger (UUID, name),
its schema revision, the selection, the rows and SHA-256 of each member, and a SHA-256 of the
whole content. The zip comment is a seal: the SHA-256 of every byte of the file before it, so a
truncated file or one flipped byte anywhere is found before anything is read.

Written and read as streams (a chunk of rows at a time), never a whole table in memory. A newer
bangfu reads every older ``VERSION``; a file of a newer version or schema is refused whole."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError

FORMAT = "bangfu-ledger-exchange"
VERSION = 1  # the newest format this release writes; it reads 1 … VERSION
MANIFEST = "manifest.json"
SEAL_BYTES = 64  # hex SHA-256 in the zip comment, the file's last bytes
READ_BLOCK = 1 << 20


def _dumps(value: Any) -> bytes:
    import orjson

    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def _loads(data: bytes) -> Any:
    import orjson

    return orjson.loads(data)


@dataclass
class Member:
    rows: int = 0
    sha256: Any = field(default_factory=hashlib.sha256)


class Writer:
    """Writes an exchange file to ``path`` (a temporary file the caller renames when done)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.members: dict[str, Member] = {}
        self.content = hashlib.sha256()

    def rows(self, table: str, chunks: Iterator[list[dict]]) -> int:
        """Write a table's rows, chunk by chunk; how many."""
        name = f"tables/{table}.jsonl"
        member = self.members[name] = Member()
        with self.zip.open(name, "w", force_zip64=True) as out:
            for chunk in chunks:
                data = b"".join(_dumps(row) + b"\n" for row in chunk)
                member.sha256.update(data)
                member.rows += len(chunk)
                out.write(data)
        return member.rows

    def attachment(self, name: str, source: Path) -> None:
        member = self.members[f"attachments/{name}"] = Member(rows=1)
        with source.open("rb") as src, self.zip.open(f"attachments/{name}", "w", force_zip64=True) as out:
            while block := src.read(READ_BLOCK):
                member.sha256.update(block)
                out.write(block)

    def finish(self, manifest: dict) -> dict:
        """Write the manifest, close the archive and seal it; the manifest as written."""
        members = {name: {"rows": m.rows, "sha256": m.sha256.hexdigest()} for name, m in self.members.items()}
        content = hashlib.sha256()
        for name in sorted(members):
            content.update(f"{name}\0{members[name]['sha256']}\n".encode())
        manifest = {"format": FORMAT, "version": VERSION, **manifest, "members": members}
        manifest["sha256"] = content.hexdigest()
        self.zip.writestr(MANIFEST, _dumps(manifest))
        self.zip.comment = b"0" * SEAL_BYTES
        self.zip.close()
        seal = _file_hash(self.path, self.path.stat().st_size - SEAL_BYTES)
        with self.path.open("r+b") as fh:
            fh.seek(-SEAL_BYTES, 2)
            fh.write(seal.encode())
        return manifest

    def abandon(self) -> None:
        self.zip.close()


def _file_hash(path: Path, length: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        left = length
        while left > 0 and (block := fh.read(min(READ_BLOCK, left))):
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


class Reader:
    """An exchange file, checked whole when opened (seal, archive, manifest, format, schema)."""

    def __init__(self, path: str | Path) -> None:
        from bangfu_cli.storage.schema import REVISIONS

        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise BangfuError("exchange.no_file", path=str(self.path))
        size = self.path.stat().st_size
        if not zipfile.is_zipfile(self.path):
            raise BangfuError("exchange.not_bangfu", path=str(self.path))
        with self.path.open("rb") as fh:
            fh.seek(max(size - SEAL_BYTES, 0))
            seal = fh.read()
        try:
            self.zip = zipfile.ZipFile(self.path)
            manifest = _loads(self.zip.read(MANIFEST))
        except KeyError:
            raise BangfuError("exchange.not_bangfu", path=str(self.path)) from None
        except Exception:
            raise BangfuError("exchange.damaged", path=str(self.path)) from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BangfuError("exchange.not_bangfu", path=str(self.path))
        if seal != _file_hash(self.path, size - SEAL_BYTES).encode():
            raise BangfuError("exchange.damaged", path=str(self.path))
        version = manifest.get("version")
        if not isinstance(version, int) or version > VERSION or version < 1:
            raise BangfuError("exchange.too_new", path=str(self.path), what=f"format {version}")
        if manifest.get("schema") not in REVISIONS:
            raise BangfuError(
                "exchange.too_new", path=str(self.path), what=f"schema {manifest.get('schema')}"
            )
        self.manifest = manifest

    def rows(self, table: str, chunk: int = 1_000) -> Iterator[list[dict]]:
        """The table's rows, decoded, ``chunk`` at a time; the member's checksum is verified as
        it is read (a mismatch raises before the last chunk is given)."""
        name = f"tables/{table}.jsonl"
        expected = self.manifest["members"].get(name)
        if expected is None:
            return
        digest, count, part = hashlib.sha256(), 0, []
        try:
            with self.zip.open(name) as fh:
                for line in fh:
                    digest.update(line)
                    part.append(_loads(line))
                    if len(part) >= chunk:
                        count += len(part)
                        if count == expected["rows"]:  # the last chunk: check before giving it
                            self._check(digest, expected, count, fh)
                        yield part
                        part = []
                count += len(part)
                self._check(digest, expected, count, fh)
        except BangfuError:
            raise
        except Exception:
            raise BangfuError("exchange.damaged", path=str(self.path)) from None
        if part:
            yield part

    def _check(self, digest: Any, expected: dict, count: int, fh: Any) -> None:
        if fh.read(1) or digest.hexdigest() != expected["sha256"] or count != expected["rows"]:
            raise BangfuError("exchange.damaged", path=str(self.path))

    def attachments(self) -> list[str]:
        return [n.split("/", 1)[1] for n in self.manifest["members"] if n.startswith("attachments/")]

    def extract(self, name: str, target: Path) -> None:
        with self.zip.open(f"attachments/{name}") as src, target.open("wb") as out:
            while block := src.read(READ_BLOCK):
                out.write(block)

    def close(self) -> None:
        self.zip.close()


def decoder(tbl: Any) -> Any:
    """A function making a file's row into column values of ``tbl`` (dates and times parsed;
    a column the file's older schema did not have gets its default)."""
    kinds: list[tuple[str, Any, Any]] = []
    for column in tbl.columns:
        if column.name == "id":
            continue
        kind = getattr(column.type, "impl_instance", column.type)  # a TypeDecorator's own type
        try:
            python = kind.python_type
        except NotImplementedError:
            python = None
        parse = (
            datetime.fromisoformat if python is datetime else date.fromisoformat if python is date else None
        )
        default = (
            column.default.arg if column.default is not None and not callable(column.default.arg) else None
        )
        kinds.append((column.name, parse, default))

    def decode(row: dict) -> dict:
        values = {}
        for name, parse, default in kinds:
            value = row.get(name, default)
            values[name] = parse(value) if parse and isinstance(value, str) else value
        return values

    return decode
