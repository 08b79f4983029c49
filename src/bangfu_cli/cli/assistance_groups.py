"""The command groups of the other kinds of assistance (DOMAIN.md §10), in the order ``bangfu
--help`` lists them; ``groups.ENTRIES`` takes them in after the household records."""

from bangfu_cli.cli import activity, partner, social, training, unit
from bangfu_cli.i18n import h

ENTRIES: list = [
    (unit.app, "unit", h("Units (帮扶单位) and the villages they assist.", "帮扶单位及定点帮扶关系。")),
    (
        activity.app,
        "activity",
        h("What units did: plans, visits, summaries…", "单位帮扶活动：计划、调研、总结等。"),
    ),
    (training.app, "training", h("Trainings of resident cadres.", "驻村干部培训。")),
    (partner.app, "partner", h("The county pairing (县域结对) and its activities.", "县域结对及其活动。")),
    (social.app, "social", h("Social contributions (社会帮扶).", "社会帮扶。")),
]
