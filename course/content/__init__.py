"""course.content."""
