// Behaviour that pages ask for with data- attributes, so that no page needs inline script
// (the Content-Security-Policy allows scripts only from these static files).
(function () {
  // <select data-autosubmit>: choosing an option submits its form (a button in <noscript> does
  // the same without JavaScript).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // <button data-print>: print the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
