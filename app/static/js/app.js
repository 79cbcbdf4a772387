// Progressive enhancement only: every task works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Registration: start from the browser's own time zone when the list offers it.
  const zone = document.querySelector("select[data-guess-timezone]");
  const guess = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !zone.dataset.chosen && [...zone.options].some((o) => o.value === guess)) {
    zone.value = guess;
  }
});
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  // A form posted from an address with a fragment (after the skip link: "#main") comes back
  // with it, and the browser would move the focus there once the page has loaded. The errors
  // come first: drop the fragment, then focus the summary (again after the load).
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  summary.focus();
  window.addEventListener("load", () => {
    if (document.activeElement === document.body || document.activeElement?.id === "main") summary.focus();
  });
});
