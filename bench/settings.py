"""The site's settings plus the benchmark's baseline view: used only by bench/serve.py."""

import os

from commission.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = [  # noqa: F405
    "bench.urls.FetchPublicPageExceptBare" if name == "commission.web.cache.FetchPublicPageMiddleware" else name
    for name in MIDDLEWARE  # noqa: F405
]
BENCHMARK_BARE_DIR = os.environ["BENCHMARK_BARE_DIR"]  # where serve.py writes the pages' bytes

# serve.py counts the renders of a page in the log: each is one line from the page cache.
LOGGING["loggers"] = {"commission.web.cache": {"level": "DEBUG"}}  # noqa: F405
