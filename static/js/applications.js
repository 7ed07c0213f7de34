// The applications list: a "select all on this page" box and a live count of ticked rows.
// Without this script every row can still be ticked one by one.
(function () {
  "use strict";
  const form = document.getElementById("bulk");
  if (!form) return;
  const all = form.querySelector("[data-select-all]");
  const count = form.querySelector("[data-selected-count]");
  const boxes = () => Array.from(form.querySelectorAll('input[name="bulk-applications"]'));

  function update() {
    const ticked = boxes().filter((box) => box.checked).length;
    if (count) {
      count.textContent = ticked
        ? `${ticked} selected`
        : "Tick applications to act on them";
    }
    if (all) {
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    }
  }

  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
      update();
    });
  }
  form.addEventListener("change", (event) => {
    if (event.target.name === "bulk-applications") update();
  });
  update();
})();
