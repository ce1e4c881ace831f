"""Nothing here on purpose: notifications quote private messages (their excerpts), which officers
do not read through the admin (see inquiries/admin.py); people manage their own settings."""
