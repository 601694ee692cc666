"""The programs app's pages, one module per page family."""
