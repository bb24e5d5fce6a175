// The lesson outline is a drawer on a phone (closed) and a sidebar on a wide screen (open).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60em)");
  function place() {
    document.querySelectorAll("details[data-open-on-wide]").forEach(function (outline) {
      outline.open = wide.matches;
    });
  }
  place();
  wide.addEventListener("change", place);
})();
