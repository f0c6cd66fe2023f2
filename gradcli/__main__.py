"""`python -m gradcli`: the same as the `gradcli` command."""
from gradcli.cli import entry

if __name__ == "__main__":
    entry()
