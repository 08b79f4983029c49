"""Stable record identifiers: every record has a UUID besides its local integer id."""

import os
import time


def new_uuid() -> str:
    """A time-ordered UUID (RFC 9562 version 7): 48 bits of Unix time in milliseconds, then the
    version, 12 random bits, the variant and 62 random bits. Unique across ledgers like a random
    UUID, but the records of one session sort together, so the unique index on ``uuid`` is
    appended to instead of written at random pages (large imports into a large ledger)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10))  # 80 bits, 74 of them used
    value = (
        (ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 68) << 64  # rand_a: 12 bits
        | 0b10 << 62
        | (rand & 0x3FFF_FFFF_FFFF_FFFF)  # rand_b: 62 bits
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
