"""course.instructor."""
