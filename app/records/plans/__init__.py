"""Action plans of participants, their submitted versions, reviews and the public library."""
