"""What counts as a placeholder: starter values, example people, dummy numbers; and what does not."""

from __future__ import annotations

import pytest

from brochure.content.placeholders import _why


@pytest.mark.parametrize("text", [
    "Name of the event or mission", "Name of the local contact", "Jane Example", "Erika Mustermann",
    "Dr. John Doe", "山田 花子", "+32 2 000 00 00", "+1 212 000 0000", "+49 89 0000 0000", "+81 3 0000 0000",
    "Trade mission partner (example)", "Lorem ipsum", "TBD",
    "jane@example.com", "info@office.example.org", "https://www.example.net/contact", "www.example.com",
    "tokyo@mission.test", "https://portal.invalid/", "admin@localhost", "events@brochure.example",
])
def test_placeholders_are_recognised(text):
    assert _why(text), text


@pytest.mark.parametrize("text", [
    "invest@fitagency.be", "Flanders Investment & Trade", "+32 2 504 00 00", "+32 9 123 45 67", "2000",
    "Welcome Team for Life Sciences", "For example, a clinical trial", "Biotech market capitalisation",
    "Max Planck Institute", "Meet us in Boston",
    "www.examples.com", "info@example.company.be", "name@test.be", "https://www.testing.com", "x@contest.org",
    "https://www.flandersinvestmentandtrade.com", "see the test results",
])
def test_real_text_is_not_a_placeholder(text):
    assert _why(text) is None, (text, _why(text))
