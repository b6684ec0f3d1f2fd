"""The definitional factors that spare news reading pint's import equal pint's own."""

import pytest

from layer0.units import EXACT, factor_to, unit_registry


@pytest.mark.parametrize(("unit", "target"), sorted(EXACT))
def test_exact_factor_is_pints(unit, target):
    pint_factor = unit_registry().Quantity(1.0, unit).to(target).magnitude
    assert factor_to(unit, target) == pytest.approx(pint_factor, rel=1e-12)


def test_other_units_still_go_through_pint():
    assert factor_to("Mlb", "t") == pytest.approx(453.59237, rel=1e-12)
