// parcours works without JavaScript; this only moves focus to a form's error summary.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
