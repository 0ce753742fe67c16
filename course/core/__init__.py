"""course.core."""
