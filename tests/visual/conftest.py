"""The visual tests drive Debian's Chromium through Playwright, as the e2e tests do."""

from tests.e2e.conftest import browser_context_args, browser_type_launch_args

__all__ = ["browser_context_args", "browser_type_launch_args"]
