"""li-ads-tui: LinkedIn Ads in the terminal (entry point, settings, headless output)."""

__version__ = "0.1.0"
