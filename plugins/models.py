"""Plugin state (enabled/disabled, who changed it) arrives with the plugin-system issue."""
