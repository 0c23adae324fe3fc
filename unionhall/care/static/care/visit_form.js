// Show the fields a kind needs; without JavaScript every field stays visible.
(function () {
  var only = {festival: "festival", illness: "illness", relation: "bereavement"};
  var kind = document.getElementById("id_kind");
  if (!kind) return;
  function update() {
    Object.keys(only).forEach(function (name) {
      var box = document.querySelector('[data-field="' + name + '"]');
      if (box) box.hidden = kind.value !== only[name];
    });
  }
  kind.addEventListener("change", update);
  update();
})();
