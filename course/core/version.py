"""The version of pm-course (release tags are ``vVERSION``: docs/maintainers.md)."""

__version__ = "0.1.0"
