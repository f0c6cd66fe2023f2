"""gradcli's version, read by packaging and by `gradcli --version`."""
__version__ = "0.1.0"
