import pytest

from sim.model import SchoolModel
from sim.params import Params


def make_params(**sections) -> Params:
    """Params with overrides given as section=dict(name=value)."""
    p = Params()
    for sec, values in sections.items():
        for k, v in values.items():
            setattr(getattr(p, sec), k, v)
    return p


@pytest.fixture(scope="session")
def baseline_run():
    m = SchoolModel(Params(), seed=11)
    m.run()
    return m, m.results()
