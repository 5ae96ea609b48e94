"""The form tests read the report table whole ("one report came in", "nothing was stored"), so they start from
the demo without the returned reports it ships (tests/test_demo.py checks those)."""

import pytest
from sqlalchemy import delete


@pytest.fixture
def demo_store(demo_store):
    from kkrdesk.models import Report

    with demo_store.session() as s:
        s.execute(delete(Report))
    return demo_store
