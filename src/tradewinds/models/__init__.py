"""Models: partial equilibrium (PE) now; gravity and general equilibrium follow."""
