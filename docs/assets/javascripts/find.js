/* "What applies to you" (the find/ page of each version). The page carries its own data (the
   form's data-find attribute), so it works offline from the built files, with no request. A
   choice is kept in the address (?use-case=UC-03, or ?channel=web&channel=social-media&tier=T2
   &area=GOV) and read back on load. Results are built with DOM calls and textContent only:
   titles are content, never markup. The rule is generator/website/render/find.py `matching`;
   the browser gate checks that both agree. */
(function () {
  "use strict";
  var root = document.getElementById("fw-find");
  var results = document.getElementById("results");
  if (!root || !results) {
    return;
  }
  var data = JSON.parse(root.getAttribute("data-find"));
  var form = root.querySelector("form");
  var status = document.getElementById("fw-find-status");
  var GROUPS = ["MUST", "SHOULD", "MAY"];
  var GROUP_NAMES = {MUST: "MUST and MUST NOT: firm rules", SHOULD: "SHOULD and SHOULD NOT: strong advice", MAY: "MAY: a choice"};

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    return node;
  }

  function link(url, text) {
    return el("a", text, {href: url});
  }

  function choice() {
    var params = new URLSearchParams(window.location.search);
    return {
      useCase: params.get("use-case") || "",
      channels: params.getAll("channel"),
      tier: params.get("tier") || "",
      area: params.get("area") || ""
    };
  }

  function fromForm() {
    var useCase = form.elements["use-case"].value;
    return {
      useCase: useCase,
      channels: Array.prototype.filter.call(form.querySelectorAll("input[name=channel]"), function (box) {
        return box.checked;
      }).map(function (box) { return box.value; }),
      tier: form.elements.tier.value,
      area: form.elements.area.value
    };
  }

  function toForm(chosen) {
    form.elements["use-case"].value = chosen.useCase;
    form.querySelectorAll("input[name=channel]").forEach(function (box) {
      box.checked = chosen.channels.indexOf(box.value) >= 0;
    });
    form.elements.tier.value = chosen.tier;
    form.elements.area.value = chosen.area;
  }

  function query(chosen) {
    var params = new URLSearchParams();
    if (chosen.useCase) {
      params.append("use-case", chosen.useCase);
    } else {
      chosen.channels.forEach(function (id) { params.append("channel", id); });
      if (chosen.tier) { params.append("tier", chosen.tier); }
      if (chosen.area) { params.append("area", chosen.area); }
    }
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function matches(standard, chosen) {
    var channelOk = chosen.channels.length === 0 || chosen.channels.some(function (id) {
      return standard.channels.indexOf(id) >= 0;
    });
    return channelOk && (!chosen.tier || standard.tiers.indexOf(chosen.tier) >= 0) &&
      (!chosen.area || standard.area === chosen.area);
  }

  function levelLists(standards, parent) {
    GROUPS.forEach(function (group) {
      var inGroup = standards.filter(function (s) { return s.group === group; });
      if (!inGroup.length) {
        return;
      }
      parent.appendChild(el("h3", GROUP_NAMES[group] + " (" + inGroup.length + ")"));
      var list = el("ul");
      inGroup.forEach(function (s) {
        var item = el("li");
        item.appendChild(link(s.url, s.id + " " + s.title));
        item.appendChild(document.createTextNode(" (" + s.level + ")"));
        list.appendChild(item);
      });
      parent.appendChild(list);
    });
  }

  function checklists(standards, parent) {
    var seen = [];
    standards.forEach(function (s) {
      s.checklists.forEach(function (id) {
        if (seen.indexOf(id) < 0 && data.checklists[id]) { seen.push(id); }
      });
    });
    parent.appendChild(el("h2", "Checklists that check them (" + seen.length + ")"));
    if (!seen.length) {
      parent.appendChild(el("p", "No checklist checks these standards."));
      return;
    }
    var list = el("ul");
    seen.sort().forEach(function (id) {
      var item = el("li");
      item.appendChild(link(data.checklists[id].url, id + " " + data.checklists[id].title));
      list.appendChild(item);
    });
    parent.appendChild(list);
  }

  function useCaseHead(useCase, parent) {
    var tier = data.tiers.filter(function (t) { return t.id === useCase.tier; })[0];
    var head = el("h2");
    head.appendChild(link(useCase.url, useCase.id + " " + useCase.title));
    parent.appendChild(head);
    parent.appendChild(el("p", "Risk tier: " + useCase.tier + (tier ? " " + tier.title : "") +
      (tier && !tier.permitted ? ". Uses in this tier are not permitted." : ".")));
    parent.appendChild(el("h3", "Safeguards"));
    var list = el("ul");
    useCase.safeguards.forEach(function (text) { list.appendChild(el("li", text)); });
    parent.appendChild(list);
  }

  function render(chosen) {
    var useCase = data.useCases.filter(function (u) { return u.id === chosen.useCase; })[0];
    var rule = useCase ? {channels: useCase.channels, tier: useCase.tier, area: ""} : chosen;
    var found = data.standards.filter(function (s) {
      return matches(s, rule) || (useCase && useCase.standards.indexOf(s.id) >= 0);
    });
    var specific = found.filter(function (s) {
      return !s.every || (useCase && useCase.standards.indexOf(s.id) >= 0);
    });
    var every = found.filter(function (s) { return specific.indexOf(s) < 0; });
    var out = document.createDocumentFragment();
    if (useCase) {
      useCaseHead(useCase, out);
    }
    out.appendChild(el("h2", (useCase ? "Standards for this use case" : "Specific to your choice") +
      " (" + specific.length + ")"));
    if (specific.length) {
      levelLists(specific, out);
    } else {
      out.appendChild(el("p", "No standard is specific to this choice."));
    }
    var details = el("details", "", {"class": "fw-find__every"});
    details.appendChild(el("summary", "Standards for every use (" + every.length + ")"));
    levelLists(every, details);
    out.appendChild(details);
    checklists(found, out);
    results.replaceChildren(out);
    status.textContent = found.length + " standards apply: " + specific.length +
      (useCase ? " for this use case, " : " specific to your choice, ") + every.length + " for every use.";
  }

  function update() {
    var chosen = fromForm();
    window.history.replaceState(null, "", window.location.pathname + query(chosen) + window.location.hash);
    render(chosen);
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "use-case") {
      var useCase = form.elements["use-case"].value;
      toForm({useCase: useCase, channels: [], tier: "", area: ""});
    } else {
      form.elements["use-case"].value = "";
    }
    update();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(update, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  root.hidden = false;
  toForm(choice());
  render(fromForm());
  window.fwFind = {render: render, fromForm: fromForm};
}());
