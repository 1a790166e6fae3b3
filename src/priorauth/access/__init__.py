"""Who may do what: API keys carrying a role, and the role each action needs."""
