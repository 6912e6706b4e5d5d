// Small behaviours shared by every page. No inline scripts anywhere (the CSP forbids them).
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-confirm]");
  if (trigger && !window.confirm(trigger.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});
// Filter box of a long checkbox list (gabinete.forms.CheckboxList): hides the options that do not
// match, ignoring case and accents; checked options stay checked while hidden.
const foldText = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
document.addEventListener("input", (event) => {
  const filter = event.target.closest("[data-filter-list]");
  if (!filter) return;
  const list = document.getElementById(filter.dataset.filterList);
  const needle = foldText(filter.value);
  let shown = 0;
  list.querySelectorAll("[data-option]").forEach((option) => {
    option.hidden = needle !== "" && !foldText(option.textContent).includes(needle);
    if (!option.hidden) shown += 1;
  });
  const empty = list.querySelector(".checkbox-list-empty");
  if (empty) empty.hidden = shown > 0;
});
document.addEventListener("keydown", (event) => {
  // Enter in a filter box filters; it must not submit the form around it.
  if (event.key === "Enter" && event.target.closest("[data-filter-list]")) event.preventDefault();
});
// A table box that scrolls sideways (a wide table on a phone) must be reachable by keyboard to be
// scrolled: while it scrolls it is a focusable region named after its table's caption or heading.
const scrollBoxName = (box) => {
  const caption = box.querySelector("caption");
  const heading = box.closest("section, .card")?.querySelector("h2, h3, .card-header");
  return (caption || heading)?.textContent.trim() || "";
};
const markScrollBox = (box) => {
  const scrolls = box.scrollWidth > box.clientWidth;  // as axe counts it: one pixel is a scroll
  if (scrolls && !box.hasAttribute("tabindex")) {
    box.tabIndex = 0;
    box.dataset.scrollBox = "";
    const name = scrollBoxName(box);
    if (name) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    }
  } else if (!scrolls && "scrollBox" in box.dataset) {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
    delete box.dataset.scrollBox;
  }
};
const scrollBoxes = new ResizeObserver((entries) => {
  entries.forEach((entry) => markScrollBox(entry.target.closest(".table-responsive")));
});
document.querySelectorAll(".table-responsive").forEach((box) => {
  markScrollBox(box);
  scrollBoxes.observe(box);
  if (box.firstElementChild) scrollBoxes.observe(box.firstElementChild);
});
// Files past the request limit would be refused by the server only after the whole upload (and
// some browsers show a broken connection instead of the answer): stop the form here instead.
document.addEventListener("submit", (event) => {
  const limit = document.querySelector('meta[name="upload-limit"]');
  const form = event.target;
  if (!limit || !(form instanceof HTMLFormElement)) return;
  let total = 0;
  for (const input of form.querySelectorAll('input[type="file"]')) {
    for (const file of input.files) total += file.size;
  }
  if (total <= Number(limit.content)) return;
  event.preventDefault();
  let alert = form.querySelector(".upload-limit-alert");
  if (!alert) {
    alert = document.createElement("div");
    alert.className = "alert alert-danger upload-limit-alert";
    alert.setAttribute("role", "alert");
    form.prepend(alert);
  }
  const size = (total / 1048576).toFixed(1).replace(".", ",");
  alert.textContent = limit.dataset.message.replace("{size}", size);
  alert.scrollIntoView({ block: "center" });
}, true);
// htmx (gabinete/htmx.py): a form or link swaps only the part of the page that changed. Every such
// form also works without JavaScript; these handlers only make the in-place answer as clear as a
// full page: what happened is read aloud, focus stays where the person was, failures are told.
const htmxAlert = () => document.getElementById("htmx-alert");
const showHtmxAlert = (kind) => {
  const alert = htmxAlert();
  if (!alert) return;
  alert.querySelector("[data-alert-text]").textContent = alert.dataset[kind] || alert.dataset.server;
  alert.hidden = false;
  alert.focus();
};
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-alert-close]")) htmxAlert().hidden = true;
});
document.addEventListener("htmx:beforeRequest", () => {
  const alert = htmxAlert();
  if (alert) alert.hidden = true;
});
// Whether the part about to be replaced held the focus (only then may the swap move it).
let focusInSwappedPart = false;
document.addEventListener("htmx:beforeSwap", (event) => {
  focusInSwappedPart = event.detail.target.contains(document.activeElement);
  // A part is answered at its own address: landing anywhere else (the sign-in page after the
  // session ended) must not put that page inside this one.
  const { xhr, requestConfig } = event.detail;
  if (xhr.status < 400 && xhr.responseURL) {
    const asked = new URL(requestConfig.path, window.location.href).pathname;
    if (new URL(xhr.responseURL).pathname !== asked) {
      event.detail.shouldSwap = false;
      showHtmxAlert("session");
    }
  }
});
document.addEventListener("htmx:responseError", (event) => {
  const status = String(event.detail.xhr.status);
  showHtmxAlert(["403", "404", "409", "413"].includes(status) ? status : "server");
});
document.addEventListener("htmx:sendError", () => showHtmxAlert("offline"));
document.addEventListener("htmx:afterSwap", (event) => {
  const part = event.target;  // the new part (event.detail.target is the old one after an outerHTML swap)
  const status = document.getElementById("htmx-status");
  const notice = part.querySelector("[data-announce]") || (part.matches("[data-announce]") ? part : null);
  if (status && notice) {
    // Emptied first, so the same words said twice in a row are read again.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = notice.textContent.trim(); }, 50);
  }
  part.querySelectorAll(".table-responsive").forEach((box) => {
    markScrollBox(box);
    scrollBoxes.observe(box);
  });
});
document.addEventListener("htmx:afterSettle", (event) => {
  // htmx puts focus back on an element with the same id (a task's tick box); a form sent back with
  // errors, or kept open for the next entry, gets focus on its first field that needs attention.
  const part = event.target;
  if (!(part instanceof Element) || !part.isConnected) return;
  const form = part.querySelector("[data-htmx-focus]");
  const field = (form || part).querySelector('[aria-invalid="true"]')
    || (form ? form.querySelector("input:not([type=hidden]), select, textarea") : null);
  if (field) field.focus();
  else if (focusInSwappedPart && document.activeElement === document.body) {
    // The button pressed went away with the old part (a removed row): start again at the part's heading.
    const heading = part.querySelector("[data-focus-after-swap]") || part.querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
});
