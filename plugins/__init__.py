"""Built-in plugins: one module per provider or cloud, each a set of `@hookimpl` functions
returning records read from its data file in `plugins/data/`. They are registered by import
(see `catalog.plugins`), so a plain clone that was never pip-installed still has them."""
