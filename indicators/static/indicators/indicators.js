// Indicators: jump to another directorate's dashboard from the selector (no inline scripts: CSP).
document.addEventListener("change", function (event) {
  var select = event.target.closest("[data-directorate-nav]");
  if (select && select.value) {
    window.location.href = select.value;
  }
});
