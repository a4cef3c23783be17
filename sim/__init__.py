"""samsim: an agent-based simulation of collaboration around problematic school absence."""

__version__ = "0.1.0"

from . import native as _native  # noqa: E402  (the compiled modules, when built and up to date)

_native.activate(__path__)
