"""Validation rules, grouped by what they look at. Each function returns a list of Problems."""
