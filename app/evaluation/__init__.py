"""Evaluation: participants rate an offering after its last session, anonymously; instructors
and staff see aggregates once enough people answered; completion may require an answer."""
