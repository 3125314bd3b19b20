"""Running mergeable counts on a Dask cluster (``--dask ADDRESS``; the optional extra ``annotator[dask]``).

Evaluation and agreement both count documents into states that merge, so a
run can be cut into shares of documents, each counted by a worker of a
``dask.distributed`` cluster, and the states merged in document order by the
caller: the figures are those of a local run. Workers read the files
themselves, so the project must be readable at the same paths on every worker
(a shared file system); only settings, paths and counts travel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from annotator.errors import AnnotatorError

T = TypeVar("T")
SHARES_PER_THREAD = 2
"""More shares than worker threads, so a slow worker does not hold up the end of the run."""


class ClusterError(AnnotatorError):
    """Dask is not installed, or its scheduler cannot be reached."""


def client_for(address: str) -> Any:
    """A ``distributed.Client`` connected to the scheduler at ``address``, or a clear error."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--dask needs the optional Dask support: pip install 'annotator[dask]'") from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"--dask {address}: cannot reach the scheduler: {exc}") from None


def threads(client: Any) -> int:
    """Worker threads of the cluster (at least one)."""
    return max(1, sum(client.nthreads().values()))


def run_shares(client: Any, fn: Callable[..., T], shares: Sequence[Any], job: Any) -> list[T]:
    """``fn(share, job)`` for every share on the cluster, in the order of ``shares``.

    ``job`` (what every share is counted with) is sent to the workers once, not once per share.
    """
    shared = client.scatter(job, broadcast=True)
    return list(client.gather(client.map(fn, list(shares), job=shared, pure=False)))
