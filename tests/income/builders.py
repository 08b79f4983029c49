"""Small ledgers for the income tests, written straight into the tables (no other importer needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def _stamp() -> dict:
    return {"recorded_at": datetime(2026, 1, 1, tzinfo=UTC), "recorded_by": "tester"}


class Book:
    """Add villages, households (with status history), cadres and pairings to the test ledger."""

    def __init__(self, db_path) -> None:
        from sqlmodel import Session, create_engine

        from tests.db import url

        self.engine = create_engine(url(db_path))
        self.session = Session(self.engine)
        self.villages: dict[str, int] = {}
        self.cadres: dict[str, int] = {}
        self.households: dict[str, int] = {}

    def village(self, name: str = "大塘埠村", township: str = "大塘埠镇") -> int:
        from bangfu_cli.storage.models import Village

        if name not in self.villages:
            v = Village(township=township, name=name, **_stamp())
            self.session.add(v)
            self.session.flush()
            self.villages[name] = v.id
        return self.villages[name]

    def cadre(self, code: str = "C1", name: str = "王干部") -> int:
        from bangfu_cli.storage.models import Cadre

        c = Cadre(code=code, name=name, unit="县农业农村局", **_stamp())
        self.session.add(c)
        self.session.flush()
        self.cadres[code] = c.id
        return c.id

    def household(
        self,
        code: str,
        *,
        size: int = 4,
        village: str = "大塘埠村",
        since: date = date(2021, 1, 1),
        statuses: tuple = ((date(2021, 1, 1), True, "unstable", "open"),),
        cadre: str | None = None,
        head: str | None = None,
    ) -> int:
        from bangfu_cli.storage.models import Household, HouseholdStatus, Pairing

        h = Household(
            code=code,
            head_name=head or f"户主{code[-3:]}",
            village_id=self.village(village),
            size=size,
            since=since,
            **_stamp(),
        )
        self.session.add(h)
        self.session.flush()
        for effective_on, tuopin, monitor_type, risk in statuses:
            self.session.add(
                HouseholdStatus(
                    household_id=h.id,
                    effective_on=effective_on,
                    tuopin=tuopin,
                    monitor_type=monitor_type,
                    risk=risk,
                    **_stamp(),
                )
            )
        if cadre:
            self.session.add(
                Pairing(household_id=h.id, cadre_id=self.cadres[cadre], kind="pair", start=since, **_stamp())
            )
        self.households[code] = h.id
        return h.id

    def visit(self, code: str, cadre: str, day: date, guarantees: str | None) -> None:
        from bangfu_cli.storage.models import Visit

        self.session.add(
            Visit(
                household_id=self.households[code],
                cadre_id=self.cadres[cadre],
                date=day,
                mode="home",
                guarantees=guarantees,
                **_stamp(),
            )
        )

    def commit(self) -> None:
        self.session.commit()
        self.session.close()
        self.engine.dispose()
