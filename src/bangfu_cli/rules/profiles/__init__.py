"""Policy profiles: which rules a locality applies, as data files shipped in this package
(``<id>.toml``) or loaded from a path. The ledger stores the active profile's id, and for a
profile loaded from a file, the file's text (so the ledger carries its own rules).

A profile is validated completely when it is read: every rule becomes a typed ``RuleSpec``,
and a mistake in the file is one message naming the rule and the field. The format is
described in ``docs/profiles.md``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bangfu_cli.domain.errors import BangfuError
from bangfu_cli.rules.profiles.fields import (
    PERIODS,
    _Bad,
    _choice,
    _day,
    _int,
    _list,
    _pair,
    _text,
)

HERE = Path(__file__).parent
DEFAULT = "xinfeng-2023"

KINDS = (
    "periodic", "coverage", "deadline", "income_window", "assessment",
    # the other kinds of assistance (DOMAIN.md §10)
    "unit_activity", "training", "partner_activity", "secondment", "rating",
)  # fmt: skip
SUBJECTS = ("household", "cadre", "unit", "resident", "county_pair", "social")
VISITORS = ("paired", "leader", "first_secretary", "any")
MODES = ("home", "phone", "online")
# Which households a household-level rule applies to, judged on a status (DOMAIN.md §2, §4).
SELECTORS = (
    "assisted",  # 脱贫户 or 监测对象
    "monitored",  # 监测对象, any risk state
    "monitored_risk_open",  # 监测对象 whose risk is not eliminated
    "tuopin",  # 脱贫户, monitored or not
    "tuopin_not_monitored",  # 脱贫户 that is not a 监测对象
    "assisted_not_open",  # assisted, except 监测对象 whose risk is open
)
CADRE_SELECTORS = ("leader_pairing",)  # cadres with at least one active `leader` pairing
TRIGGERS = ("pairing_replaced",)  # a `pair` pairing that follows an earlier one of the household
EVENTS = ("plaque",)  # 联系牌 replaced (pairing.plaque_on)


@dataclass(frozen=True)
class RuleSpec:
    """One rule of a profile, validated. Fields a kind does not use keep their defaults."""

    id: str
    kind: str
    subject: str
    source: str
    title_zh: str
    title_en: str
    meaning_zh: str
    meaning_en: str
    enabled: bool = True
    selector: str | None = None
    visitor: str | None = None
    modes: tuple[str, ...] = ()
    period: str | None = None
    min_count: int = 1
    # deadline rules: N working days after a trigger, or a fixed month-day in each period
    trigger: str | None = None
    event: str | None = None
    workdays: int | None = None
    deadline: tuple[int, int] | None = None  # (month, day), for a rule with one deadline a year
    deadlines: tuple[tuple[int, int], ...] = ()  # every fixed deadline: one per period of a year
    # the other kinds of assistance (DOMAIN.md §10)
    activity: str | None = None  # as written: the activity kinds that count, comma-separated
    activities: tuple[str, ...] = ()
    scope: str | None = None  # unit_activity: who owes it (UNIT_SCOPES)
    levels: tuple[str, ...] = ()  # training: the levels that count
    scale: Mapping[str, tuple[float, ...]] | None = None  # rating: thresholds for 1–5 points
    params: Mapping[str, Any] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def meaning(self, lang: str) -> str:
        return self.meaning_zh if lang == "zh" else self.meaning_en


@dataclass(frozen=True)
class Profile(Mapping):
    """A validated profile. Reads like the TOML document (``profile["document"]``) for the settings
    kept beside the rules (income thresholds, alert percentages), and has typed ``rules``."""

    id: str
    document: str
    rules: tuple[RuleSpec, ...]
    extra_holidays: tuple[date, ...]
    raw: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def rule(self, rule_id: str) -> RuleSpec | None:
        wanted = rule_id.strip().upper()
        return next((r for r in self.rules if r.id.upper() == wanted), None)


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.toml"))


def resolve(spec: str) -> tuple[str, str | None]:
    """``(profile id, file text or None for a built-in)`` for an id or a path; validated."""
    if spec in builtin_ids():
        load_builtin(spec)
        return spec, None
    path = Path(spec)
    if not path.is_file():
        raise BangfuError("profile.unknown", spec=spec, known=", ".join(builtin_ids()))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BangfuError("profile.unreadable", spec=spec, detail=str(exc)) from exc
    profile = parse(text, origin=spec)
    return profile.id, text


def parse(text: str, origin: str) -> Profile:
    """Parse and validate a profile's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BangfuError("profile.unreadable", spec=origin, detail=str(exc)) from exc
    if not isinstance(data.get("id"), str) or not data["id"].strip():
        raise BangfuError("profile.unreadable", spec=origin, detail="missing id")
    return _validate(data, origin)


def load_builtin(profile_id: str) -> Profile:
    return _load_builtin_cached(profile_id)


def _load_builtin_cached(profile_id: str, _cache: dict[str, Profile] = {}) -> Profile:  # noqa: B006
    if profile_id not in _cache:
        path = HERE / f"{profile_id}.toml"
        if not path.is_file():
            raise BangfuError("profile.unknown", spec=profile_id, known=", ".join(builtin_ids()))
        _cache[profile_id] = parse(path.read_text(encoding="utf-8"), origin=profile_id)
    return _cache[profile_id]


def load_active(ledger: Any) -> Profile:
    """The ledger's active profile."""
    source = ledger.setting("profile.source")
    if source:
        return parse(source, origin=ledger.setting("profile.id") or "ledger")
    return load_builtin(ledger.setting("profile.id") or DEFAULT)


# --- validation ---------------------------------------------------------------------------------


def _validate(data: dict[str, Any], origin: str) -> Profile:
    try:
        holidays = tuple(
            _day(v, "extra_holidays") for v in _list(data.get("extra_holidays", []), "extra_holidays")
        )
        raw_rules = data.get("rules", [])
        if not isinstance(raw_rules, list):
            raise _Bad("rules: must be a list of [[rules]] tables")
        rules: list[RuleSpec] = []
        seen: set[str] = set()
        for i, raw in enumerate(raw_rules, start=1):
            if not isinstance(raw, dict):
                raise _Bad(f"rule #{i}: must be a table")
            rule_id = raw.get("id")
            where = f"rule {rule_id}" if isinstance(rule_id, str) else f"rule #{i}"
            try:
                spec = _rule(raw)
            except _Bad as exc:
                raise _Bad(f"{where}: {exc}") from None
            if spec.id.upper() in seen:
                raise _Bad(f"{where}: the id is used twice")
            seen.add(spec.id.upper())
            rules.append(spec)
    except _Bad as exc:
        raise BangfuError("profile.unreadable", spec=origin, detail=str(exc)) from None
    return Profile(
        id=data["id"].strip(),
        document=str(data.get("document", "")),
        rules=tuple(rules),
        extra_holidays=holidays,
        raw=data,
    )


_KNOWN_KEYS = {
    "id", "kind", "subject", "source", "title", "meaning", "enabled", "selector", "visitor", "modes",
    "period", "min_count", "trigger", "event", "workdays", "deadline", "activity", "params",
    "clause", "note", "scope", "levels", "scale",
}  # fmt: skip


def _rule(raw: dict) -> RuleSpec:
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise _Bad(f"unknown keys {', '.join(unknown)}")
    spec = _common(raw)
    kind, subject = spec["kind"], spec["subject"]
    check = _KIND_CHECKS.get(kind)
    if check is not None:
        check(raw, subject, spec)
    else:
        from bangfu_cli.rules.profiles.assistance import check_assistance_rule

        check_assistance_rule(raw, kind, subject, spec)
    if "deadline" in raw and kind in _KIND_CHECKS:
        raise _Bad("deadline: only the rules of units and the county pairing have a fixed deadline")
    if subject not in ("household", "cadre") and kind in ("periodic", "coverage", "deadline"):
        raise _Bad(f"subject {subject} is judged by a kind of DOMAIN.md §10 (docs/profiles.md)")
    return RuleSpec(**spec)


def _common(raw: dict) -> dict:
    """The fields every kind of rule has, checked (in the order a profile's author reads them)."""
    rule_id = _text(raw, "id")
    kind = _choice(raw, "kind", KINDS, required=True)
    subject = _choice(raw, "subject", SUBJECTS, required=True)
    source = _text(raw, "source")
    title_zh, title_en = _pair(raw, "title")
    meaning_zh, meaning_en = _pair(raw, "meaning")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _Bad("enabled: true or false")
    modes = tuple(_list(raw.get("modes", []), "modes"))
    for m in modes:
        if m not in MODES:
            raise _Bad(f"modes: {m!r} is not one of {', '.join(MODES)}")
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise _Bad("params: must be a table")
    return dict(
        id=rule_id,
        kind=kind,
        subject=subject,
        source=source,
        title_zh=title_zh,
        title_en=title_en,
        meaning_zh=meaning_zh,
        meaning_en=meaning_en,
        enabled=enabled,
        modes=modes,
        params=params,
        period=_choice(raw, "period", PERIODS, required=False),
        min_count=_int(raw, "min_count", 1),
        workdays=_int(raw, "workdays", None),
        trigger=_choice(raw, "trigger", TRIGGERS, required=False),
        event=_choice(raw, "event", EVENTS, required=False),
    )


def _check_periodic(raw: dict, subject: str, spec: dict) -> None:
    if subject == "household":
        spec["selector"] = _choice(raw, "selector", SELECTORS, required=True)
    elif subject == "cadre":
        spec["selector"] = _choice(raw, "selector", CADRE_SELECTORS, required=True)
    else:
        raise _Bad('periodic rules are judged for a household or a cadre; use kind = "activity"')
    spec["visitor"] = _choice(raw, "visitor", VISITORS, required=True)
    if subject == "cadre" and spec["visitor"] != "leader":
        raise _Bad('a per-cadre rule counts the cadre\'s own visits: visitor = "leader"')
    if not spec["modes"]:
        raise _Bad('modes: list the contact modes that count, e.g. ["home"]')
    if spec["period"] is None:
        raise _Bad(f"period: required, one of {', '.join(PERIODS)}")


def _check_coverage(raw: dict, subject: str, spec: dict) -> None:
    if subject != "household":
        raise _Bad("coverage rules are judged for households")
    spec["selector"] = _choice(raw, "selector", SELECTORS, required=True)


def _check_deadline(raw: dict, subject: str, spec: dict) -> None:
    if spec["trigger"] is None or spec["workdays"] is None or spec["event"] is None:
        raise _Bad("a deadline rule needs trigger, workdays and event")


def _check_household_quarterly(raw: dict, subject: str, spec: dict) -> None:
    if subject != "household":
        raise _Bad(f"{spec['kind']} rules are judged for households")
    spec["selector"] = _choice(raw, "selector", SELECTORS, required=True)
    spec["period"] = spec["period"] or "quarter"


# The kinds of households' and cadres' rules; the kinds of DOMAIN.md §10 are checked in
# ``profiles/assistance.py``.
_KIND_CHECKS = {
    "periodic": _check_periodic,
    "coverage": _check_coverage,
    "deadline": _check_deadline,
    "income_window": _check_household_quarterly,
    "assessment": _check_household_quarterly,
}
