"""Developer tools: the browser harness shared by the browser tests and `make screenshots`."""
