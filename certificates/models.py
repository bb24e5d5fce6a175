"""Certificate templates and issued certificates arrive with the certificates issue."""
