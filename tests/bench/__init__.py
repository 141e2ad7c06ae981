"""`make bench`: see __main__.py for the parts and how to add one."""
