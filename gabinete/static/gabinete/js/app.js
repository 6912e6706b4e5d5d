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
