"""Site infrastructure shared by the apps: page cache, rate limits, mail, environment parsing, links,
feed and sitemap bases, the house time style.

Nothing here imports an app of the project. What the infrastructure needs to know about the apps
(which models are content, when a page changes by itself) the apps register in their ``ready()``.
"""
