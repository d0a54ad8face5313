"""The build date, in the county's time zone, fixed by SOURCE_DATE_EPOCH when it is set."""

from __future__ import annotations

import datetime as _dt
import os

CHINA = _dt.timezone(_dt.timedelta(hours=8), "CST")


def build_date() -> _dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return _dt.datetime.now(CHINA).date()
