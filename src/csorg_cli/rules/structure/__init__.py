"""Structure rules: spans of control, layers, managers of one, vacancies."""
