// Accessibility fixes to elements Material builds in the browser, checked with axe-core.
// Material adds them after loading (the version selector waits for versions.json), so a
// MutationObserver applies the fixes whenever they appear.
(function () {
  "use strict";

  function fix(root) {
    // The version button's accessible name must contain its visible text (WCAG 2.5.3).
    root.querySelectorAll(".md-version__current").forEach(function (button) {
      var text = button.textContent.trim();
      var label = text + ", select another version";
      if (text && button.getAttribute("aria-label") !== label) {
        button.setAttribute("aria-label", label);
      }
    });
    // Wide tables scroll sideways on small screens: the scrolling region must be reachable
    // and named for keyboard users (WCAG 2.1.1).
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (region) {
      if (!region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
  }

  // The header's menu and search buttons are labels of hidden checkboxes, which the keyboard
  // cannot reach: make them buttons (WCAG 2.1.1). Material already presses a focused label on
  // Enter; Space, the other key of a button, is added here.
  var buttons = {__drawer: "Open the navigation menu", __search: "Search"};
  Object.keys(buttons).forEach(function (id) {
    var selector = '.md-header .md-header__button[for="' + id + '"]';
    document.querySelectorAll(selector).forEach(function (label) {
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", buttons[id]);
      label.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
      });
    });
  });

  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
