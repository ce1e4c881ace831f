"""Places' background work: thin tasks that take an id."""

from __future__ import annotations

from django_tasks import task

from chumchon.places import invitations


@task()
def send_community_invitation(invitation_id: int) -> bool:
    """E-mail an invitation to take over a community (places.invitations)."""
    return invitations.invitation_send(invitation_id=invitation_id)
