"""The commands: the command line (cli) and the preview server (serve). No logic of their own
beyond arguments, messages, exit codes and the serve loop. May import every layer."""
