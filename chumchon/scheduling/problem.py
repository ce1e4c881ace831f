"""The instance compiled to integer indices, shared by the bound, the heuristics and the MILP."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import Instance

NO_BOOTH = -1


@dataclass
class Problem:
    """Index form of an :class:`Instance`.

    ``options[r]`` lists the booths where request ``r`` may take place (empty: it needs a table).
    A booth owned by a single participant can never be double-booked (its owner is in one meeting
    per slot), so when one side has such a booth the other side's booth is never needed: only
    booths shared by several participants ("shared booths") carry their own constraint.
    """

    instance: Instance
    pids: list[str]
    sids: list[str]
    rids: list[str]
    session_of: list[int]
    avail: npt.NDArray[np.bool_]
    cap: list[int]
    booth_of: list[int]
    booth_names: list[str]
    booth_shared: list[bool]
    ra: list[int]
    rb: list[int]
    weight: npt.NDArray[np.float64]
    common: list[list[int]]
    options: list[tuple[int, ...]]
    n_tables: int
    requests_of: list[list[int]]
    integral_weights: bool

    @property
    def n_participants(self) -> int:
        return len(self.pids)

    @property
    def n_slots(self) -> int:
        return len(self.sids)

    @property
    def n_requests(self) -> int:
        return len(self.rids)

    def needs_table(self, r: int) -> bool:
        return not self.options[r]

    def shared_only(self, r: int) -> bool:
        """True when every possible location of ``r`` is a shared booth (which may be taken)."""
        return bool(self.options[r]) and all(self.booth_shared[b] for b in self.options[r])


def compile_instance(instance: Instance) -> Problem:
    pids = [p.id for p in instance.participants]
    pindex = {p: i for i, p in enumerate(pids)}
    sids = [s.id for s in instance.slots]
    sindex = {s: i for i, s in enumerate(sids)}
    sessions: dict[str, int] = {}
    session_of = [sessions.setdefault(s.session, len(sessions)) for s in instance.slots]
    n_p, n_s = len(pids), len(sids)

    avail = np.zeros((n_p, n_s), dtype=bool)
    booth_names: list[str] = []
    booth_index: dict[str, int] = {}
    booth_of: list[int] = []
    owners: list[int] = []
    for i, p in enumerate(instance.participants):
        if p.available is None:
            avail[i, :] = True
        else:
            avail[i, [sindex[s] for s in p.available]] = True
        if p.booth is None:
            booth_of.append(NO_BOOTH)
        else:
            if p.booth not in booth_index:
                booth_index[p.booth] = len(booth_names)
                booth_names.append(p.booth)
                owners.append(0)
            booth_of.append(booth_index[p.booth])
            owners[booth_index[p.booth]] += 1
    booth_shared = [n > 1 for n in owners]
    n_avail = avail.sum(axis=1)
    cap = [
        int(min(n_avail[i], p.max_meetings if p.max_meetings is not None else n_s))
        for i, p in enumerate(instance.participants)
    ]

    ra = [pindex[r.a] for r in instance.requests]
    rb = [pindex[r.b] for r in instance.requests]
    weight = np.array([float(r.weight) for r in instance.requests], dtype=np.float64)
    both = avail[ra] & avail[rb] if instance.requests else np.zeros((0, n_s), dtype=bool)
    common = [np.flatnonzero(row).tolist() for row in both]
    options: list[tuple[int, ...]] = []
    requests_of: list[list[int]] = [[] for _ in range(n_p)]
    for r, (a, b) in enumerate(zip(ra, rb, strict=True)):
        requests_of[a].append(r)
        requests_of[b].append(r)
        booths = [x for x in (booth_of[a], booth_of[b]) if x != NO_BOOTH]
        private = [x for x in booths if not booth_shared[x]]
        if private:
            options.append((private[0],))
        else:
            options.append(tuple(dict.fromkeys(booths)))
    integral = all(float(r.weight).is_integer() for r in instance.requests)
    return Problem(
        instance=instance,
        pids=pids,
        sids=sids,
        rids=[r.id for r in instance.requests],
        session_of=session_of,
        avail=avail,
        cap=cap,
        booth_of=booth_of,
        booth_names=booth_names,
        booth_shared=booth_shared,
        ra=ra,
        rb=rb,
        weight=weight,
        common=common,
        options=options,
        n_tables=len(instance.tables),
        requests_of=requests_of,
        integral_weights=integral,
    )
