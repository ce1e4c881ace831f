"""Trips register no notification kinds of their own: a sent trip is one request for quote per
community, told to each community by inquiries' kinds (`inquiries/notifications.py`), and the
communities' quotes are told to the buyer the same way."""
