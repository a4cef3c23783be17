"""samsim: an agent-based simulation of collaboration around problematic school absence."""

__version__ = "0.1.0"
