// The admin's autocomplete boxes (select2) are named by their field's label: select2 names its combobox only by the
// text of the current choice, which is empty until one is chosen, and leaves its search fields unnamed.
(function () {
  "use strict";

  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "_label";
    }
    return label;
  }

  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = labelOf(select);
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll('[role="combobox"]').forEach(function (box) {
        var chosen = box.getAttribute("aria-labelledby") || "";
        if (chosen.split(" ").indexOf(label.id) === -1) {
          box.setAttribute("aria-labelledby", (label.id + " " + chosen).trim());
        }
      });
      var fields = '.select2-search__field, .select2-selection__rendered[role="textbox"]';
      container.querySelectorAll(fields).forEach(function (field) {
        field.setAttribute("aria-labelledby", label.id);
      });
    });
    // select2 puts its "clear all" button inside the list of choices, where only list items belong.
    document.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach(function (clear) {
      clear.parentNode.parentNode.insertBefore(clear, clear.parentNode);
    });
    // The open list's search field belongs to the select its results are for.
    document.querySelectorAll(".select2-dropdown .select2-search__field").forEach(function (field) {
      var match = /^select2-(.+)-results$/.exec(field.getAttribute("aria-controls") || "");
      var select = match && document.getElementById(match[1]);
      var label = select && labelOf(select);
      if (label) {
        field.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  window.addEventListener("load", function () {
    nameBoxes();
    new MutationObserver(nameBoxes).observe(document.body, { childList: true, subtree: true });
  });
})();
