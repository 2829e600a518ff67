"""Coverage rules: accounts and ARR per coverage seat, uncovered segments, segment leaders."""
