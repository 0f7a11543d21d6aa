"""HTTP: the composition root (`create_app`), error rendering, middleware, `Prefer`, request validation, the docs
and serving.
"""
