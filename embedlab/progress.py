"""A time-left estimate for long builds that is not optimistic.

A naive ``elapsed / done * (total - done)`` counts the start-up (loading a model, the
first slow batch) against the first report and then jumps around; on a shared machine it
mostly promises too little. :class:`TimeLeft` measures the rate only after a warm-up
report, adds a margin, and says nothing until it has measured something.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class TimeLeft:
    """Seconds left in a loop that reports ``(done, total)``, estimated pessimistically.

    The first report (or the first after the work restarts) is the baseline: the rate is
    measured from it on, so warm-up costs do not distort it. The estimate is
    ``remaining / rate * margin + slack``, where ``rate`` is the slower of the rate since
    the baseline and the rate over the last reports (a machine that gets busier makes the
    estimate grow at once).

    Args:
        margin: multiply the plain estimate by this (> 1: better late news than none).
        slack: seconds added for the work after the loop (saving files, loading).
        clock: a monotonic clock in seconds (tests pass a fake one).

    Example:
        >>> clock = iter([0.0, 10.0, 20.0]).__next__
        >>> left = TimeLeft(margin=1.0, slack=0.0, clock=clock)
        >>> left.update(100, 1000) is None  # the baseline: nothing measured yet
        True
        >>> left.update(200, 1000)  # 100 per 10 s, 800 to go
        80.0
    """

    def __init__(
        self,
        *,
        margin: float = 1.25,
        slack: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.margin = margin
        self.slack = slack
        self.clock = clock
        self._start: tuple[float, int] | None = None
        self._recent: list[tuple[float, int]] = []

    def update(self, done: int, total: int) -> float | None:
        """Record a report; the seconds left, or None while no rate is measured yet."""
        now = self.clock()
        if self._start is None or done < self._start[1]:
            self._start, self._recent = (now, done), [(now, done)]
            return None
        self._recent = [*self._recent[-3:], (now, done)]
        rates = [
            (d1 - d0) / (t1 - t0)
            for (t0, d0), (t1, d1) in (
                (self._start, (now, done)),
                (self._recent[0], (now, done)),
            )
            if t1 > t0 and d1 > d0
        ]
        if not rates:
            return None
        remaining = max(total - done, 0)
        return remaining / min(rates) * self.margin + (self.slack if remaining else 0.0)
