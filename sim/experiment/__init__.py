"""Running the model many times: replications, scenario comparisons, sweeps."""
