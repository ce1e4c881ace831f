"""A mutable assignment (request -> slot, location) with O(1) feasibility tests and undo."""

from __future__ import annotations

from .problem import Problem

UNPLACED = -1
TABLE = -1  # location code of a meeting at a table (the table id is chosen at the end)


class State:
    """Meetings placed so far; every change is journaled so that a trial can be rolled back."""

    def __init__(self, problem: Problem) -> None:
        self.pb = problem
        n_s = problem.n_slots
        self.slot_of = [UNPLACED] * problem.n_requests
        self.loc_of = [TABLE] * problem.n_requests
        self.busy: list[list[int]] = [[UNPLACED] * n_s for _ in range(problem.n_participants)]
        self.count = [0] * problem.n_participants
        self.tables_used = [0] * n_s
        self.table_meetings: list[set[int]] = [set() for _ in range(n_s)]
        self.booth_busy: dict[tuple[int, int], int] = {}
        self.value = 0.0
        self.journal: list[tuple[bool, int, int, int]] = []

    # -- queries -----------------------------------------------------------------------------
    def location_for(self, r: int, s: int) -> int | None:
        """The location code ``r`` could take in slot ``s`` ignoring participants, or None."""
        pb = self.pb
        opts = pb.options[r]
        if not opts:
            return TABLE if self.tables_used[s] < pb.n_tables else None
        for b in opts:
            if not pb.booth_shared[b] or (b, s) not in self.booth_busy:
                return b
        return None

    def can_place(self, r: int, s: int) -> int | None:
        """The location if ``r`` fits in slot ``s`` now (``s`` must be a common slot)."""
        pb = self.pb
        a, b = pb.ra[r], pb.rb[r]
        if self.busy[a][s] != UNPLACED or self.busy[b][s] != UNPLACED:
            return None
        if self.count[a] >= pb.cap[a] or self.count[b] >= pb.cap[b]:
            return None
        return self.location_for(r, s)

    def placed(self) -> list[int]:
        return [r for r, s in enumerate(self.slot_of) if s != UNPLACED]

    # -- changes -----------------------------------------------------------------------------
    def place(self, r: int, s: int, loc: int) -> None:
        pb = self.pb
        a, b = pb.ra[r], pb.rb[r]
        self.slot_of[r] = s
        self.loc_of[r] = loc
        self.busy[a][s] = r
        self.busy[b][s] = r
        self.count[a] += 1
        self.count[b] += 1
        if loc == TABLE:
            self.tables_used[s] += 1
            self.table_meetings[s].add(r)
        elif pb.booth_shared[loc]:
            self.booth_busy[(loc, s)] = r
        self.value += float(pb.weight[r])
        self.journal.append((True, r, s, loc))

    def remove(self, r: int) -> None:
        pb = self.pb
        s, loc = self.slot_of[r], self.loc_of[r]
        a, b = pb.ra[r], pb.rb[r]
        self.slot_of[r] = UNPLACED
        self.busy[a][s] = UNPLACED
        self.busy[b][s] = UNPLACED
        self.count[a] -= 1
        self.count[b] -= 1
        if loc == TABLE:
            self.tables_used[s] -= 1
            self.table_meetings[s].discard(r)
        elif pb.booth_shared[loc]:
            del self.booth_busy[(loc, s)]
        self.value -= float(pb.weight[r])
        self.journal.append((False, r, s, loc))

    def mark(self) -> int:
        return len(self.journal)

    def rollback(self, mark: int) -> None:
        while len(self.journal) > mark:
            added, r, s, loc = self.journal[-1]
            if added:
                self.remove(r)
            else:
                self.place(r, s, loc)
            # the undo itself was journaled: drop it and the undone entry
            del self.journal[-2:]

    def commit(self) -> None:
        self.journal.clear()
