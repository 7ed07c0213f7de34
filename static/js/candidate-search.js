// The Candidates search form: empty filters stay out of the request and the address bar, so a
// search reads /candidates/?q=zel rather than ...&tags=&location=&... (the words box is kept
// even when empty, so clearing it shows it). htmx 2 hands the parameters over as FormData.
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.detail.elt.matches("form.candidate-search")) return;
  const parameters = event.detail.parameters;
  for (const name of Array.from(parameters.keys())) {
    if (name !== "q" && parameters.getAll(name).every((value) => value === "")) {
      parameters.delete(name);
    }
  }
});
