"""Political and social-issue ads: the classifier and its training."""
