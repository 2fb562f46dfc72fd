"""One module per `framework` subcommand. Each defines NAME, HELP, add_arguments(parser) and
run(args) -> exit code; cli.py discovers them, so adding a command touches no other file."""
