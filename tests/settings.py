"""The site's settings, as the tests run them and give the servers they start (the two-server modules): the
same, but passwords hashed with MD5, as Django's testing docs advise. Hashing's strength is not under test, and
each account a test makes or signs in with otherwise costs a second of CPU or more."""

from commission.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
