"""Function rules: who owns onboarding, renewals, support, operations, products and KPIs."""
