"""Domain helpers: plain typed functions of the domain's own rules (periods, disclosure
control) that several apps use. The lowest layer (ADR 0011): no Django and no app."""
