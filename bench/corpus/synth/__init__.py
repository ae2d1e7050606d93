"""Synthetic CodeGym corpus generator (benchmark data, standard library only)."""
