"""The command line: parse and dispatch, what each command does, its output and its failures."""
