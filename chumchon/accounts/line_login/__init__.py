"""Sign in with LINE: django-allauth's LINE provider, with LINE's addresses taken from settings
(LINE_LOGIN_API_URL, LINE_ACCESS_URL) so that tests can point them at a local fake LINE."""
