"""What every exporter shares: safe output files, formula-proof text, and the labels of the
register's fields in the interface language.

A file is written under a temporary name beside its target and renamed when complete, so a
crash or an interrupt never leaves half a file where the user expects one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bangfu_cli.domain.dates import in_span
from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.i18n import label, t

# Spreadsheet programs read a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# The register's three tables, by column key (labels are export.col.<key>), in every layout.
PAIR_HEADS = ("kind", "cadre_name", "unit", "position", "cadre_phone", "span", "end_reason")
VISIT_HEADS = (
    "visit_date",
    "mode",
    "visitor",
    "content",
    "problems",
    "guarantees",
    "measures",
    "follow_up",
    "signature",
)
INCOME_HEADS = (
    "quarter",
    "members",
    "collected_on",
    "wage",
    "business",
    "business_cost",
    "transfer",
    "property",
    "net",
)


def csv_text(value: str | None) -> str:
    """Text for a CSV cell that Excel/WPS will show as text, never evaluate."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_START) else value


def check_target(path: str | Path, force: bool) -> Path:
    """The output path, refused (exit 2) when it cannot be written or exists without ``force``."""
    target = Path(path).expanduser()
    if str(path).strip() == "":
        raise BangfuError("export.no_output")
    if target.is_dir():
        raise BangfuError("export.is_dir", path=str(target))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise BangfuError("export.no_parent", path=str(target), parent=str(parent))
    if not os.access(parent, os.W_OK):
        raise BangfuError("export.not_writable", path=str(target), parent=str(parent))
    if target.exists() and not force:
        raise BangfuError("export.exists", path=str(target))
    return target


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto it when the block completes, removed
    when the block raises."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part" + target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp makes the file private (0600); give it the permissions a normal save would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, target)
    except BaseException:
        with suppress(OSError):
            tmp_path.unlink()
        raise


def yuan(fen: int | None) -> float | None:
    return None if fen is None else fen / 100


def yuan_text(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:,.2f}"


def category(tuopin: bool, monitor_type: str | None) -> str:
    """脱贫户 / the monitoring type / both, as the register prints it."""
    if tuopin and monitor_type:
        return t(
            "export.category.both",
            tuopin=t("export.category.tuopin"),
            type=label("monitor_type", monitor_type),
        )
    if monitor_type:
        return label("monitor_type", monitor_type)
    if tuopin:
        return t("export.category.tuopin")
    return t("export.category.none")


def risk_text(monitor_type: str | None, risk: str | None) -> str:
    return label("risk", risk) if monitor_type and risk else "—"


def span(start, end) -> str:
    """A date range as the register prints it: 2021-01-01 至 2025-03-31 / 2021-01-01 起."""
    if end is None:
        return t("export.span.open", start=start.isoformat())
    return t("export.span.closed", start=start.isoformat(), end=end.isoformat())


def selection_text(sel) -> str:
    """One line saying what the register covers (place, cadre, dates, masking)."""
    parts = []
    if sel.date_from or sel.date_to:
        parts.append(
            t(
                "export.meta.period",
                start=sel.date_from.isoformat() if sel.date_from else "…",
                end=sel.date_to.isoformat() if sel.date_to else "…",
            )
        )
    else:
        parts.append(t("export.meta.all_dates"))
    if sel.cadre_label:
        parts.append(t("export.meta.cadre", cadre=sel.cadre_label))
    parts.append(t("export.meta.status_on", date=sel.as_of.isoformat()))
    parts.append(t("export.meta.revealed") if sel.reveal else t("export.meta.masked"))
    if getattr(sel, "chain", None):
        parts.append(chain_text(sel.chain))
    return "　".join(parts)


def chain_text(chain: tuple[str, int]) -> str:
    """The audit chain's head and length, printed so that a signed copy anchors the ledger."""
    head, length = chain
    return t("audit.chain_head", head=head or "-", length=length)


def title(township: str | None, village: str | None = None) -> str:
    place = "".join(p for p in (township, village) if p)
    return t("export.title.register", place=place) if place else t("export.title.register_all")


def household_info(e) -> tuple[tuple[tuple[str, object], ...], ...]:
    """The header block of a household in the register, three lines of (column key, value):
    the same in every layout (the key names its label, ``export.col.<key>``)."""
    return (
        (("township", e.township), ("village", e.village), ("code", e.code), ("head_name", e.head_name)),
        (
            ("size", e.size),
            ("id_number", e.id_number or "—"),
            ("phone", e.phone or "—"),
            ("category", category(e.tuopin, e.monitor_type)),
        ),
        (
            ("risk", risk_text(e.monitor_type, e.risk)),
            ("since", e.since.isoformat()),
            ("closed_on", e.closed_on.isoformat() if e.closed_on else "—"),
            ("status_on", e.as_of.isoformat() if e.as_of else "—"),
        ),
    )


def active_pair_cadres(pairings, day) -> str:
    """The cadres paired (kind ``pair``) with the household on ``day``: 姓名（单位）、…"""
    names = [f"{p.name}（{p.unit}）" for p in pairings if p.kind == "pair" and in_span(day, p.start, p.end)]
    return "、".join(names)


# The flat register (xlsx flat layout and CSV): one row per visit with its household's columns.
# (key, header key, width in Excel character units, kind: text / date / int)
FLAT_COLUMNS = (
    ("township", "export.col.township", 12, "text"),
    ("village", "export.col.village", 12, "text"),
    ("code", "export.col.code", 19, "text"),
    ("head_name", "export.col.head_name", 10, "text"),
    ("id_number", "export.col.id_number", 21, "text"),
    ("size", "export.col.size", 9, "int"),
    ("phone", "export.col.phone", 14, "text"),
    ("category", "export.col.category", 22, "text"),
    ("risk", "export.col.risk", 12, "text"),
    ("paired", "export.col.paired", 28, "text"),
    ("visit_date", "export.col.visit_date", 12, "date"),
    ("mode", "export.col.mode", 8, "text"),
    ("visitor", "export.col.visitor", 16, "text"),
    ("content", "export.col.content", 36, "text"),
    ("problems", "export.col.problems", 22, "text"),
    ("guarantees", "export.col.guarantees", 14, "text"),
    ("measures", "export.col.measures", 28, "text"),
    ("follow_up", "export.col.follow_up", 20, "text"),
    ("visit_id", "export.col.visit_id", 10, "int"),
)


def flat_rows(entry) -> Iterator[tuple]:
    """The flat rows of one household: one per visit, or one with empty visit columns when the
    household has no visit in the selection (it must still appear)."""
    cat = category(entry.tuopin, entry.monitor_type)
    risk = risk_text(entry.monitor_type, entry.risk)
    head = (
        entry.township,
        entry.village,
        entry.code,
        entry.head_name,
        entry.id_number,
        entry.size,
        entry.phone,
    )
    if not entry.visits:
        yield (
            *head,
            cat,
            risk,
            active_pair_cadres(entry.pairings, entry.as_of),
            None,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            None,
        )
        return
    for v in entry.visits:
        yield (
            *head,
            cat,
            risk,
            active_pair_cadres(entry.pairings, v.date),
            v.date,
            label("mode", v.mode),
            f"{v.cadre} {v.cadre_name}",
            v.content,
            v.problems,
            v.guarantees,
            v.measures,
            v.follow_up,
            v.id,
        )
