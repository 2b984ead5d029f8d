"""For developers: chiiki serve and its cheap rebuild, the benchmark and the synthetic country, browser byte
counts, the pull-request preview, and regenerating the reference data and map layers."""
