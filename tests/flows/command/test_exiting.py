"""The `newsetl` process ends right after its exit handlers, with main()'s code and all its output."""

import subprocess
import sys

import pytest

PROGRAM = """
import atexit, sys
from flows.command.exiting import exit_quickly_after

class Heap:
    def __del__(self):
        print("torn down", flush=True)  # runs only in the interpreter's teardown of module globals

heap = Heap()

def main():
    atexit.register(lambda: print("a handler main registered ran", end=""))  # as Prefect's flushes do
    print("output, ", end="")
    if sys.argv[1] == "raise":
        raise ValueError("a bug")
    return int(sys.argv[1])

sys.exit(exit_quickly_after(main))
"""


@pytest.mark.parametrize("arg,code,out", [
    ("0", 0, "output, a handler main registered ran"),
    ("3", 3, "output, a handler main registered ran"),
    ("raise", 1, "output, a handler main registered rantorn down\n"),  # an error main lets through: normal exit
])
def test_the_process_exits_with_mains_code_after_every_handler(arg, code, out):
    done = subprocess.run([sys.executable, "-c", PROGRAM, arg], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (code, out)
    assert ("ValueError: a bug" in done.stderr) == (arg == "raise")
