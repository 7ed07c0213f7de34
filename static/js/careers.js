// The careers site: a submit button works once (a double click sends one form), and actions
// that cannot be undone ask first. Everything works without this file too.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const confirmer = event.submitter && event.submitter.dataset.confirm;
  if (confirmer && !window.confirm(confirmer)) {
    event.preventDefault();
    return;
  }
  if (form.dataset.submitted) {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "true";
  form.querySelectorAll("button[data-once]").forEach((button) => {
    button.setAttribute("aria-disabled", "true");
    button.classList.add("busy");
  });
});

// After a failed submission, move focus to the error summary so screen readers announce it.
window.addEventListener("DOMContentLoaded", () => {
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});
