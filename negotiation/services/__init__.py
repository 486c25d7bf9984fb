"""Every write goes through a service: keyword-only, atomic, validated, with a change reason."""
