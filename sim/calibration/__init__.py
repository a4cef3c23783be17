"""Calibration: fit the uncertain parameters that published statistics can inform.

``samsim calibrate --targets FILE`` runs approximate Bayesian computation by sequential Monte
Carlo (ABC-SMC, the ``pyabc`` library) from the plausible ranges of the fitted parameters (the
prior) to the statistics of a targets file, and writes the accepted worlds with their weights
(``posterior.csv``, read by ``samsim compare --worlds``) and diagnostics.

One idea per module: :mod:`.targets` reads a targets file, :mod:`.statistics` says what one
simulated municipality shows, :mod:`.priors` gives the prior of each fitted parameter,
:mod:`.abc` runs the inference, :mod:`.diagnostics` writes what came out, :mod:`.cli` is the
command.
"""
