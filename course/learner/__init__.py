"""course.learner."""
