"""Family-service (``family``) and perpetrator-programme (``perpetrator``) pages."""
