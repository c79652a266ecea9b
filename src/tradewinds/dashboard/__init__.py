"""The web dashboard (`tradewinds serve`): Shiny for Python on the services."""
