"""Pure text logic: no Django imports anywhere in this package (house rule 1)."""
