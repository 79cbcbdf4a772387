"""Small shared pieces: base model, i18n, access checks, audit, errors, jobs."""
