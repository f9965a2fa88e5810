"""Shell completion scripts for bash, zsh and fish: the one script per shell that
`--show-completion SHELL` prints, `--install-completion SHELL` installs and the wheel ships
(docs/completions/). Typer answers the completion requests; its templates are used as they
are, except where a template cannot work as the file it is shipped as."""

from __future__ import annotations

from pathlib import Path

from typer._completion_shared import get_completion_script, install

PROG_NAME = "dyscalc"
COMPLETE_VAR = "_DYSCALC_COMPLETE"

# Typer's zsh script registers its function when sourced. Shipped as `_dyscalc` in zsh's
# site-functions, zsh autoloads it on the first TAB instead, and registering there would
# complete nothing until the second TAB; so when autoloaded, it completes at once.
_ZSH_REGISTER = f"compdef _{PROG_NAME}_completion {PROG_NAME}"
_ZSH_AUTOLOAD_OR_REGISTER = f"""\
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _{PROG_NAME}_completion "$@"
else
  {_ZSH_REGISTER}
fi"""


def completion_script(shell: str) -> str:
    """The completion script for `shell` ('bash', 'zsh' or 'fish'), whatever shell runs it."""
    script = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":  # tests/test_completion.py checks that the line was there
        script = script.replace(_ZSH_REGISTER, _ZSH_AUTOLOAD_OR_REGISTER)
    return script + "\n"


def install_completion(shell: str) -> Path:
    """Install the script where Typer installs it for `shell` (it also edits the shell's
    start-up file to load it), and return the script's path."""
    _, path = install(shell=shell, prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    path.write_text(completion_script(shell), encoding="utf-8")
    return path
