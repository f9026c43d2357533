"""gather_or_cancel: no task is left running after a failure or a cancellation."""

from __future__ import annotations

import asyncio

import pytest

from sync.tasks import gather_or_cancel


class Fatal(Exception):
    pass


async def test_results_come_back_in_order() -> None:
    async def value(n: int) -> int:
        await asyncio.sleep(0.01 * (3 - n))
        return n

    assert await gather_or_cancel(value(n) for n in range(3)) == [0, 1, 2]


async def test_a_failure_cancels_the_others() -> None:
    finished: list[str] = []

    async def slow() -> None:
        await asyncio.sleep(10)
        finished.append("slow")

    async def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await gather_or_cancel([slow(), fails()])
    await asyncio.sleep(0)
    assert finished == []
    assert len(asyncio.all_tasks()) == 1  # only this test's own task


async def test_a_preferred_error_wins() -> None:
    async def fails(error: Exception) -> None:
        raise error

    with pytest.raises(Fatal):
        await gather_or_cancel([fails(ValueError()), fails(Fatal())], prefer=(Fatal,))


async def test_cancelling_the_caller_cancels_every_task() -> None:
    started = asyncio.Event()
    cancelled: list[bool] = []

    async def waits() -> None:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    outer = asyncio.ensure_future(gather_or_cancel([waits(), waits()]))
    await started.wait()
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert cancelled == [True, True]


def test_gc_thresholds_are_raised_during_a_run_and_restored() -> None:
    import gc

    from sync.memory import SYNC_THRESHOLDS, fewer_gc_passes

    before = gc.get_threshold()
    with fewer_gc_passes():
        assert gc.get_threshold() == SYNC_THRESHOLDS
    assert gc.get_threshold() == before
