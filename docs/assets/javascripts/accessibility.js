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
  // cannot reach and which cannot take the button role: put a real button in each one's place,
  // pressing the same checkbox (WCAG 2.1.1, 4.1.2). It keeps the label's classes and `for`
  // attribute, so Material's styles and breakpoints apply to it unchanged.
  var buttons = {__drawer: "Open the navigation menu", __search: "Search"};
  Object.keys(buttons).forEach(function (id) {
    var selector = 'label.md-header__button[for="' + id + '"]';
    document.querySelectorAll(selector).forEach(function (label) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = label.className;
      button.setAttribute("for", id);
      button.setAttribute("aria-label", buttons[id]);
      button.innerHTML = label.innerHTML;
      button.addEventListener("click", function () {
        document.getElementById(id).click();
      });
      label.style.display = "none";
      label.after(button);
    });
  });
  // The search dialog needs a name (WCAG 4.1.2).
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });

  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
