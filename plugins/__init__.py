"""The plugin system (pluggy hookspecs and manager) and the bundled plugins."""
