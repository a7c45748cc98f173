"""The end of the `newsetl` process: every exit handler runs, then the process ends without tearing down its heap.

After a run the parent holds Prefect, pyarrow and the place-name tables; Python's own teardown of them took
0.85 s after everything was written, flushed and closed.
"""

from __future__ import annotations

import atexit
import os
import sys

_code: list[int] = []


def exit_quickly_after(main) -> int:
    """Run main() and return its exit code; the process then ends right after the last exit handler (an error
    main() lets through ends it the normal way)."""
    atexit.register(_exit_now)  # registered first, so it runs last: after Prefect's flushes and the server's stop
    code = main()
    _code.append(code)
    return code


def _exit_now() -> None:
    if not _code:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed pipe must not change the exit code
            pass
    os._exit(_code[0])
