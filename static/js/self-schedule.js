// Self-scheduling: when the page was opened without a time zone (?tz=), show the times in the
// zone this browser is in. Without this script the "Times are shown in" select does the same by
// hand, so nothing depends on it.
(() => {
  const form = document.querySelector("form[data-zone-form]");
  if (!form || new URLSearchParams(window.location.search).has("tz")) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  const select = form.querySelector("select[name=tz]");
  if (!zone || !select || select.value === zone) return;
  if (!Array.from(select.options).some((option) => option.value === zone)) return;
  select.value = zone;
  const url = new URL(form.action, window.location.href);
  url.searchParams.set("tz", zone);
  window.location.replace(url.toString());
})();
