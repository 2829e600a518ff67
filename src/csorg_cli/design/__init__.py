"""``csorg design``: propose a CS org from the customer base, the constraints and the costs."""
