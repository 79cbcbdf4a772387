"""Records: materials, attendance, action plans and completion of an offering's participants."""
