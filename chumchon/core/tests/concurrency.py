"""Running actions at the same moment, each in its own database connection (PostgreSQL tests of
row locks and constraints under concurrency)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation


@dataclass
class Outcome:
    done: list[Any] = field(default_factory=list)  # what the actions that succeeded returned
    refused: list[str] = field(default_factory=list)  # the messages of the ValidationErrors
    errors: list[BaseException] = field(default_factory=list)  # anything else (a test failure)


def side_by_side(*actions: Callable[[], Any], language: str = "en") -> Outcome:
    """Start every action at once (a barrier), each in its own thread and connection, and wait for
    them all: what succeeded, what was refused with a message, and any other error."""
    barrier = threading.Barrier(len(actions))
    outcome = Outcome()

    def run(action: Callable[[], Any]) -> None:
        try:
            translation.activate(language)
            barrier.wait(timeout=30)
            outcome.done.append(action())
        except ValidationError as error:
            outcome.refused.extend(error.messages)
        except BaseException as error:
            outcome.errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcome
