"""Chumchon (ชุมชน): a platform for community-based creative tourism in Thailand."""
