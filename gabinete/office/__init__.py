"""The Dirección de Gabinete's own duties ("Despacho"): matters for the Alcalde's decision, the Alcalde's
assignments, procedure manuals and job descriptors (seed functions general a, f, g, j)."""
