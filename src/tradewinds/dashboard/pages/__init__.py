"""One Shiny module per dashboard page: ``panel(id)`` for the UI and ``server(id, …)``."""
