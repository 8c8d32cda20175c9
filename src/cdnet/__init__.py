"""cdnet: the workbench of a counter-disinformation network."""

__version__ = "0.1.0"
