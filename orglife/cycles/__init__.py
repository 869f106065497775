"""A cycle and the steps it walks (the step cards of the cycle page)."""
