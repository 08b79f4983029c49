"""The command line: one thin Typer sub-app per command group. Commands parse, call one
service, print. Heavy modules are imported inside commands, so ``bangfu --help`` stays fast."""
