"""One module per `journal` subcommand; cli.py imports each only when it is run (or listed in --help)."""
