"""The program version, in a leaf module so that submodules need not import the package."""

__version__ = "0.1.0"
