"""The kiosk core: patron sessions, circulation, card numbers, configuration and the CLI."""
