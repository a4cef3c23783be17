"""Reports for policymakers: figures and a self-contained HTML comparison."""
