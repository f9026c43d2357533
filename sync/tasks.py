"""Running coroutines side by side without leaving any behind.

``asyncio.gather`` raises the first error but leaves the other tasks running in the
background, where they go on writing to the database and spending quota. A sync must
stop cleanly instead, so every fan-out in it goes through :func:`gather_or_cancel`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def gather_or_cancel(
    coroutines: Iterable[Coroutine[Any, Any, T]],
    *,
    prefer: tuple[type[BaseException], ...] = (),
) -> list[T]:
    """Run concurrently and return the results in order.

    If one fails, the others are cancelled (and awaited) and its error is raised; when
    several failed, an error of a `prefer` type wins (e.g. "the token expired" over "this
    account failed"). Cancelling the caller cancels them all.
    """
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    if not tasks:
        return []
    try:
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    except asyncio.CancelledError:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    errors = [e for t in done if not t.cancelled() and (e := t.exception()) is not None]
    if errors:
        preferred = [e for e in errors if isinstance(e, prefer)]
        raise (preferred or errors)[0]
    return [task.result() for task in tasks]
