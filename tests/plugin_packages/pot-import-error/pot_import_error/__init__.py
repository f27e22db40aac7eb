"""A test plugin that fails at import."""
raise ImportError("this plugin needs a package that is not installed")
