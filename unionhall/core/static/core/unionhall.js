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
  // <div data-tick-grid>: the arrow keys move between its tick boxes as they are laid out
  // (left and right along a row, up and down a column); Space ticks, as on any check box;
  // Enter saves the list with the form's [data-save] button.
  document.querySelectorAll("[data-tick-grid]").forEach(function (grid) {
    grid.addEventListener("keydown", function (event) {
      var form = grid.closest("form");
      var save = form && form.querySelector("[data-save]");
      if (event.key === "Enter" && event.target.type === "checkbox" && save) {
        event.preventDefault();
        form.requestSubmit(save);
        return;
      }
      var step = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: "up", ArrowDown: "down"}[event.key];
      if (!step || event.target.type !== "checkbox") { return; }
      var boxes = Array.prototype.slice.call(grid.querySelectorAll("input[type=checkbox]"));
      var at = boxes.indexOf(event.target);
      if (step === "up" || step === "down") {
        var top = boxes[0].getBoundingClientRect().top, columns = 0;
        while (columns < boxes.length && boxes[columns].getBoundingClientRect().top === top) { columns++; }
        step = (step === "up" ? -1 : 1) * Math.max(columns, 1);
      }
      var next = boxes[at + step];
      if (next) { event.preventDefault(); next.focus(); }
    });
  });
})();
