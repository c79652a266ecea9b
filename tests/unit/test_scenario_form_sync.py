"""The Scenario form waits for the browser to report a field the server set.

The dashboard once ran a measure just added with the rate its field held before (0) when
Run was clicked within the browser's round trip (a CI run caught it). These tests drive
:class:`ServerSet` as the page does, with the browser's reports in every order."""

from __future__ import annotations

from datetime import date
from typing import Any

from tradewinds.dashboard.scenario_form import ServerSet


class Browser:
    """The inputs as the server last heard them."""

    def __init__(self, **values: Any) -> None:
        self.values = dict(values)

    def read(self, name: str) -> Any:
        return self.values.get(name)

    def report(self, sync: ServerSet, name: str, value: Any) -> None:
        self.values[name] = value
        sync.seen(name, value)


def test_a_measure_just_added_waits_for_its_fields() -> None:
    b = Browser(m_id=None, m_rate=0.0, m_from="2025-08-27")
    sync = ServerSet(b.read)
    sync.sent("m_id", "pharma-25")
    sync.sent("m_rate", 0.25)
    sync.sent("m_from", date(2025, 8, 27))  # the same date: nothing to wait for
    assert sync.skip() == {"m_rate", "m_from"}  # the id not yet back: its fields neither
    b.report(sync, "m_id", "pharma-25")
    assert sync.skip() == {"m_rate"}  # Run now would have read 0.0 as its rate
    b.report(sync, "m_rate", 0.25)
    assert sync.skip() == frozenset()


def test_an_edit_the_browser_sends_instead_ends_the_wait() -> None:
    b = Browser(ge_epsilon=4.0)
    sync = ServerSet(b.read)
    sync.sent("ge_epsilon", 8)
    assert sync.skip() == {"ge_epsilon"}
    b.report(sync, "ge_epsilon", 5.5)  # the user typed before the debounce sent 8
    assert sync.skip() == frozenset()
    assert b.read("ge_epsilon") == 5.5


def test_setting_again_keeps_waiting_past_the_first_old_value() -> None:
    b = Browser(name="us-india-2025-08")
    sync = ServerSet(b.read)
    sync.sent("name", "a")
    sync.sent("name", "b")
    b.report(sync, "name", "us-india-2025-08")  # a repeat of the old value changes nothing
    assert sync.skip() == {"name"}
    b.report(sync, "name", "b")
    assert sync.skip() == frozenset()


def test_a_value_replaced_within_the_round_trip_does_not_end_the_wait() -> None:
    """Base S1 picked, then S2, before the browser answered: its report of S1's value is
    not S2's, and a Run then must not mix S1's fields into S2."""
    b = Browser(ge_epsilon=4.0)
    sync = ServerSet(b.read)
    sync.sent("ge_epsilon", 8.0)  # S1
    sync.sent("ge_epsilon", 3.0)  # S2
    b.report(sync, "ge_epsilon", 8.0)
    assert sync.skip() == {"ge_epsilon"}
    b.report(sync, "ge_epsilon", 3.0)
    assert sync.skip() == frozenset()
    sync.sent("ge_epsilon", 5.0)
    b.report(sync, "ge_epsilon", 6.5)  # neither old nor set: the user's edit ends it
    assert sync.skip() == frozenset()


def test_values_compare_as_the_browser_sends_them() -> None:
    b = Browser(models=("pe", "ge"), mc_draws=200, t_date="2025-08-27", ge_overrides="")
    sync = ServerSet(b.read)
    sync.sent("models", ["pe", "ge"])  # a list set, a tuple reported
    sync.sent("mc_draws", 200.0)  # an int reported, a float set
    sync.sent("t_date", date(2025, 8, 27))  # ISO text reported
    sync.sent("ge_overrides", None)
    assert sync.skip() == frozenset()
    sync.sent("pe_method", "mean")  # never reported yet: waits, and keeps the σ source
    assert sync.skip() == {"pe_sigma"}
