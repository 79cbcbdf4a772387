"""How long a browser step may take before it fails: generous, because a CI machine running
two test processes and Chromium at once answers a click slowly; a step that never happens
still fails."""

BROWSER_TIMEOUT_MS = 30_000
