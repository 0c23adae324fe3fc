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
  // <div data-picker> (core/picker.py): the search box asks for its matches as the user types
  // (htmx). Enter and the search button search there too, instead of posting the form (as they
  // do without JavaScript), so Enter in the form's other fields saves it again. A match ticked
  // moves to the chosen; a chosen one unticked goes.
  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var input = picker.querySelector("input[type=search]");
    var button = picker.querySelector("[data-picker-search]");
    function search() { input.dispatchEvent(new Event("picker-search")); }
    button.type = "button";
    button.addEventListener("click", search);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }
    });
    picker.addEventListener("change", function (event) {
      var box = event.target, option = box.closest(".picker-option");
      if (!option || box.type !== "checkbox") { return; }
      if (box.checked && option.closest("[data-picker-matches]")) {
        var next = option.nextElementSibling;
        next = next && next.querySelector("input[type=checkbox]");
        picker.querySelector("[data-picker-chosen]").appendChild(option);
        (next || input).focus();
      } else if (!box.checked && option.closest("[data-picker-chosen]")) {
        option.remove();
        input.focus();
      }
    });
  });
})();
