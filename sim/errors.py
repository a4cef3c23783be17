"""Errors a user can fix: a bad scenario, a value out of range, a missing file."""


class InputError(Exception):
    """One line that names the file, the key and what is allowed; the CLI exits with code 2."""
