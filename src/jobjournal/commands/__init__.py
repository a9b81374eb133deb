"""One module per `journal` subcommand; cli.py imports each only when it is run (or listed in --help).

A command parses its options, calls the layers below (usually one function), prints the outcome and
chooses the exit code. The top layer: it may import any package, and nothing imports it but cli.py.
"""
