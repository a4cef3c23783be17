"""Pattern-oriented validation: does the model reproduce what the statistics and the reports say?

``samsim validate`` runs a handful of *arms* (a scenario with a few overrides) on the same
replicate seeds (common random numbers), computes one value per replicate for every
*pattern*, and compares its mean and 95 % interval over replicates with a target and a stated
tolerance. Patterns are data (:data:`PATTERNS`): a name, a level, what it is, the target with
its source, the tolerance and its reason, the arms it needs and a function from one replicate's
arm observations to a number.

Levels:

- ``quantitative``: a published figure (its source a key in ``docs/sources.md``). Pass
  when the mean over replicates lies inside the tolerance band.
- ``qualitative``: a pattern the reports describe, as a comparison between arms on the same
  seeds (a paired difference) or as a property of one arm. Pass when the whole 95 % interval
  lies on the stated side, i.e. the pattern is there and not a chance result of the dice.

Every pattern says whether its target was *used in calibration* (so passing it is no
evidence), is an *input* (a parameter set from the same figure), or is an *independent check*
(not used to set anything). A model tuned to its calibration targets alone shows itself on the
independent checks.

Overrides given with ``--set``, ``--pupils`` or ``--years`` apply to every arm *after* the arm's
own settings: ``--set services.feedback_rate=1`` makes the two feedback arms identical, and the
feedback pattern must then fail (tests/test_validate.py checks that it does).

The package, one file an idea: :mod:`sim.validation.patterns` (the arms and the patterns, as
data, with their negative controls), :mod:`sim.validation.run` (running the arms and judging
the patterns), :mod:`sim.validation.report` (the markdown report and the table on the
terminal) and :mod:`sim.validation.cli` (the ``samsim validate`` command).
"""
from .cli import add_commands, cmd_validate
from .patterns import ARMS, NEGATIVE_CONTROLS, PATTERNS, Obs, Pattern, patterns_by_name
from .report import SECTIONS, print_table, to_markdown
from .run import SAMPLE_EVERY, arm_params, eht_ties, evaluate, observe, plan, run_arms, validate

__all__ = ["ARMS", "NEGATIVE_CONTROLS", "PATTERNS", "Obs", "Pattern", "SAMPLE_EVERY", "SECTIONS", "add_commands", "arm_params",
           "cmd_validate", "eht_ties", "evaluate", "observe", "patterns_by_name", "plan", "print_table", "run_arms", "to_markdown",
           "validate"]
