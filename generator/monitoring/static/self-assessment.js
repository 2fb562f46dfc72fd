/*
 * Self-assessment against the framework's standards, in the browser. No server, no account:
 * answers are kept in localStorage under "framework-self-assessment:<version>", and the page
 * works offline and from a downloaded copy (file://). The page embeds its data in
 * <script type="application/json" id="sa-data">; this script never fetches anything.
 *
 * Scoring follows generator/monitoring/scoring.json, embedded in the data block as "scoring";
 * the Python command line reads the same file, and a test runs both on the same CSV. Carrying
 * answers forward follows the carry steps embedded as "carry" (generator/monitoring/
 * carry_steps.py), applied as generator/monitoring/carry.py applies them; a test runs both.
 *
 * Stable element ids (for the browser tests):
 *   #sa-app               the whole tool; data-ready="true" once this script has run
 *   #sa-data              the embedded JSON (version, areas, standards, checklists, scoring)
 *   #sa-live              live region (role=status) announcing saves, imports and errors
 *   #sa-export            button: download the answers as CSV
 *   #sa-import            file input: import a CSV (same format as the command line)
 *   #sa-print             button: print
 *   #sa-clear             button: clear every answer of this version
 *   #sa-summary-body      the summary (score by area and by level, open actions)
 *   #sa-actions           ordered list of open actions, unmet MUSTs first
 *   #sa-import-errors     list of problems found in an imported CSV
 *   #sa-carry             the offer to carry an earlier version's answers forward (hidden
 *                         until made): #sa-carry-heading (focused), #sa-carry-text,
 *                         #sa-carry-lost, buttons #sa-carry-accept and #sa-carry-dismiss
 *   #sa-carried           what was carried (#sa-carried-text, #sa-carried-lost) and the
 *                         checkbox #sa-attention: only the standards that need attention
 *   #sa-<id>-carried      a standard's carry note, in words
 *   #sa-std-<id>          one standard's block (id in lower case, e.g. sa-std-gov-01)
 *   #sa-<id>-<status>     its status radios: met, partly-met, not-met, not-applicable, blank
 *   #sa-<id>-evidence, #sa-<id>-owner, #sa-<id>-target   its text fields
 *   #sa-item-<item id>    a checklist item's checkbox (e.g. sa-item-cl-01.02)
 */
(function (root) {
  "use strict";

  var COLUMNS = ["framework_version", "standard_id", "area", "level", "title", "status",
    "evidence", "owner", "target_date"];
  var REQUIRED = ["framework_version", "standard_id", "status", "evidence", "owner",
    "target_date"];
  var FORMULA = /^[=+\-@\t\r]/;

  /* --- scoring: mirrors generator/monitoring/scoring.py -------------------------------- */

  function normaliseStatus(text, scoring) {
    var key = String(text).trim().toLowerCase().replace(/[\s_]+/g, "-");
    if (Object.prototype.hasOwnProperty.call(scoring.aliases, key)) {
      key = scoring.aliases[key];
    }
    return Object.prototype.hasOwnProperty.call(scoring.statuses, key) ? key : null;
  }

  function percent(points, max) {
    if (max === 0) { return null; }
    var tenths = Math.floor((2000 * points + max) / (2 * max));
    return Math.floor(tenths / 10) + "." + (tenths % 10);
  }

  function tally(items, scoring) {
    var points = 0, max = 0, counts = {};
    scoring.status_order.forEach(function (s) { counts[s] = 0; });
    items.forEach(function (pair) {
      var level = pair[0], status = pair[1];
      counts[status] += 1;
      var earned = scoring.statuses[status].points;
      if (earned === null) { return; }
      var weight = scoring.level_weights[level];
      points += weight * earned;
      max += weight * scoring.max_points;
    });
    return { points: points, max: max, percent: percent(points, max), counts: counts };
  }

  function idParts(id) {
    return id.split(/(\d+)/).filter(function (p) { return p !== ""; }).map(function (p) {
      return /^\d+$/.test(p) ? [1, parseInt(p, 10)] : [0, p];
    });
  }

  function compareIds(a, b) {
    var x = idParts(a), y = idParts(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i][0] !== y[i][0]) { return x[i][0] - y[i][0]; }
      if (x[i][1] < y[i][1]) { return -1; }
      if (x[i][1] > y[i][1]) { return 1; }
    }
    return x.length - y.length;
  }

  function assign(target, source) {
    Object.keys(source).forEach(function (k) { target[k] = source[k]; });
    return target;
  }

  /* The score of an assessment; `statuses` maps standard ID to status key. */
  function score(cat, statuses, scoring) {
    var rows = cat.standards.map(function (s) {
      return [s, Object.prototype.hasOwnProperty.call(statuses, s.id) ? statuses[s.id] : "blank"];
    });
    var pairs = function (keep) {
      return rows.filter(keep).map(function (r) { return [r[0].level, r[1]]; });
    };
    var byArea = cat.areas.map(function (a) {
      return assign({ area: a.id, title: a.title },
        tally(pairs(function (r) { return r[0].area === a.id; }), scoring));
    });
    var byLevel = scoring.level_order.filter(function (lv) {
      return rows.some(function (r) { return r[0].level === lv; });
    }).map(function (lv) {
      return assign({ level: lv }, tally(pairs(function (r) { return r[0].level === lv; }),
        scoring));
    });
    var rank = scoring.actions.status_rank;
    var open = rows.filter(function (r) { return Object.prototype.hasOwnProperty.call(rank, r[1]); });
    open.sort(function (a, b) {
      return (scoring.level_order.indexOf(a[0].level) - scoring.level_order.indexOf(b[0].level))
        || (rank[a[1]] - rank[b[1]]) || compareIds(a[0].id, b[0].id);
    });
    return {
      version: cat.version,
      overall: tally(pairs(function () { return true; }), scoring),
      by_area: byArea,
      by_level: byLevel,
      actions: open.map(function (r) {
        return { id: r[0].id, title: r[0].title, area: r[0].area, level: r[0].level,
          status: r[1] };
      })
    };
  }

  /* --- CSV: the same format as `framework assessment-template` -------------------------- */

  /* UTF-8, with or without a byte order mark, as the command line reads it; anything else is
     refused with the line of the first byte that is not UTF-8 (a guess between Windows-1252,
     GBK and the rest would garble text silently). */
  var SAVE_AS = "save it in Excel with File > Save As > 'CSV UTF-8 (Comma delimited)', " +
    "or in LibreOffice with the character set 'Unicode (UTF-8)'";
  function decodeBytes(bytes) {
    if ((bytes[0] === 0xFF && bytes[1] === 0xFE) || (bytes[0] === 0xFE && bytes[1] === 0xFF)) {
      throw new Error("the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8; " + SAVE_AS);
    }
    var start = (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) ? 3 : 0;
    var nul = bytes.indexOf(0);
    try {
      if (nul >= 0) { throw new Error("NUL"); }
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start));
    } catch (e) {
      var what = nul >= 0 ? "holds NUL bytes: it looks like UTF-16 without a byte order mark" :
        "is not UTF-8: it was saved in another encoding (such as Windows-1252 or GBK)";
      throw new Error("line " + firstBadLine(bytes, start) + ": the file " + what + "; " +
        SAVE_AS);
    }
  }

  /* The line holding the first NUL or non-UTF-8 byte. A newline byte never occurs inside a
     UTF-8 character, so each line can be checked on its own. */
  function firstBadLine(bytes, start) {
    var decoder = new TextDecoder("utf-8", { fatal: true });
    var line = 1;
    for (var from = start; from <= bytes.length; line++) {
      var end = bytes.indexOf(0x0A, from);
      if (end < 0) { end = bytes.length; }
      var part = bytes.subarray(from, end);
      if (part.indexOf(0) >= 0) { return line; }
      try { decoder.decode(part); } catch (e) { return line; }
      from = end + 1;
    }
    return line;
  }

  /* Records with the line each starts on; quotes, CRLF and ; or tab delimiters handled. */
  function parseCsv(text) {
    var firstLine = text.split(/\r?\n/, 1)[0];
    var delimiter = ",";
    var best = 0;
    [",", ";", "\t"].forEach(function (d) {
      var n = firstLine.split(d).length - 1;
      if (n > best) { best = n; delimiter = d; }
    });
    var records = [], cells = [], cell = "", quoted = false, line = 1, start = 1;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (ch === '"') { quoted = false; }
        else { if (ch === "\n") { line++; } cell += ch; }
      } else if (ch === '"' && cell === "") { quoted = true; }
      else if (ch === delimiter) { cells.push(cell); cell = ""; }
      else if (ch === "\r" && text[i + 1] === "\n") { continue; }
      else if (ch === "\n" || ch === "\r") {
        cells.push(cell); records.push({ line: start, cells: cells });
        cells = []; cell = ""; line++; start = line;
      } else { cell += ch; }
    }
    if (cell !== "" || cells.length) { cells.push(cell); records.push({ line: start, cells: cells }); }
    return records;
  }

  /* Read an assessment: { version, answers: {id: {...}}, problems: ["row:col message"] }. */
  function readAssessment(text, cat, scoring) {
    var records = parseCsv(text).filter(function (r) {
      return r.cells.some(function (c) { return c.trim() !== ""; });
    });
    var result = { version: null, answers: {}, problems: [] };
    if (!records.length) { result.problems.push("1:1 the file is empty"); return result; }
    var header = records[0].cells.map(function (c) { return c.trim().toLowerCase(); });
    while (header.length && header[header.length - 1] === "") { header.pop(); }
    REQUIRED.forEach(function (name) {
      if (header.indexOf(name) < 0) { result.problems.push("1:1 missing column " + name); }
    });
    if (result.problems.length) { return result; }
    var col = function (name) { return header.indexOf(name); };
    var known = {};
    cat.standards.forEach(function (s) { known[s.id] = true; });
    records.slice(1).forEach(function (record) {
      var cells = record.cells;
      var at = function (name) { return record.line + ":" + (col(name) + 1) + " "; };
      var get = function (name) { return (cells[col(name)] || "").trim(); };
      if (cells.slice(header.length).some(function (c) { return c.trim() !== ""; }) ||
          cells.length < header.length) {
        result.problems.push(record.line + ":1 the row has " + cells.length +
          " cells; the header has " + header.length);
        return;
      }
      var version = get("framework_version");
      if (version !== cat.version) {
        result.problems.push(at("framework_version") + "this row is from version " +
          (version || "(none)") + ", not " + cat.version);
      }
      result.version = result.version || version;
      var id = get("standard_id").toUpperCase();
      var status = normaliseStatus(get("status"), scoring);
      if (!known[id]) { result.problems.push(at("standard_id") + "unknown standard " + id); }
      else if (result.answers[id]) { result.problems.push(at("standard_id") + id + " appears again"); }
      if (status === null) { result.problems.push(at("status") + "not a status: " + get("status")); }
      var target = get("target_date");
      if (target && !/^\d{4}-\d{2}-\d{2}$/.test(target)) {
        result.problems.push(at("target_date") + "not a date like 2027-03-31: " + target);
      }
      if (known[id] && status !== null) {
        result.answers[id] = { status: status, evidence: get("evidence"), owner: get("owner"),
          target_date: target };
        if (col("carried") >= 0) { assign(result.answers[id], carryCells(get, scoring)); }
      }
    });
    return result;
  }

  /* The columns a carried-forward file adds, read as carry.py reads them. */
  function carryCells(get, scoring) {
    return { carried: get("carried").toLowerCase(), carried_from: get("carried_from").toUpperCase(),
      previous_status: normaliseStatus(get("previous_status"), scoring) || "blank",
      changed: get("changed") };
  }

  /* The version the first row names: which version's steps read the file. */
  function fileVersion(text) {
    var records = parseCsv(text).filter(function (r) {
      return r.cells.some(function (c) { return c.trim() !== ""; });
    });
    if (records.length < 2) { return null; }
    var at = records[0].cells.map(function (c) { return c.trim().toLowerCase(); })
      .indexOf("framework_version");
    return at < 0 ? null : (records[1].cells[at] || "").trim() || null;
  }

  function neutralise(value) { return FORMULA.test(value) ? "'" + value : value; }

  function csvCell(value) {
    var safe = neutralise(String(value));
    return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  /* The answers as the command line's CSV (UTF-8 BOM added when downloading). */
  function toCsv(cat, answers, carried) {
    var lines = [COLUMNS.concat(carried ? CARRY_COLUMNS : []).join(",")];
    cat.standards.forEach(function (s) {
      var a = answers[s.id] || {};
      var status = a.status && a.status !== "blank" ? a.status : "";
      var cells = [cat.version, s.id, s.area, s.level, s.title, status, a.evidence || "",
        a.owner || "", a.target_date || ""];
      if (carried) {
        var c = carried[s.id] || {};
        cells = cells.concat([c.carried || "", c.carried_from || "",
          c.previous_status && c.previous_status !== "blank" ? c.previous_status : "",
          c.changed || ""]);
      }
      lines.push(cells.map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  /* --- carrying forward: mirrors generator/monitoring/carry.py ------------------------- */

  var OPEN = ["recheck", "replaced"];
  var CARRIED = ["kept", "recheck", "new", "replaced"];
  var CARRY_COLUMNS = ["carried", "carried_from", "previous_status", "changed"];

  function isOpen(row) { return OPEN.indexOf(row.carried) >= 0 && row.status === "blank"; }
  function joined(before, text) { return before ? before + " | " + text : text; }

  /* Rows to carry from read answers (readAssessment's, or a stored version's). */
  function startRows(answers) {
    var rows = [];
    Object.keys(answers).forEach(function (id) {
      var a = answers[id];
      if (!a) { return; }
      var status = a.status || "blank";
      if (a.carried === "new" && status === "blank" && !a.evidence && !a.owner && !a.target_date) {
        return;
      }
      var row = { standard_id: id, status: status, evidence: a.evidence || "",
        owner: a.owner || "", target_date: a.target_date || "", carried: "kept",
        carried_from: id, previous_status: "blank", changed: "" };
      if (OPEN.indexOf(a.carried) >= 0 && status === "blank") {
        row.carried = a.carried;
        row.carried_from = a.carried_from || id;
        row.previous_status = a.previous_status || "blank";
        row.changed = a.changed || "";
      }
      rows.push(row);
    });
    return rows;
  }

  function recheck(row, text) {
    if (isOpen(row)) { return assign(assign({}, row), { changed: joined(row.changed, text) }); }
    return assign(assign({}, row), { status: "blank", carried: "recheck",
      previous_status: row.status, changed: text });
  }

  function replaced(row, id, text) {
    var wasOpen = isOpen(row);
    return assign(assign({}, row), { standard_id: id, status: "blank", carried: "replaced",
      previous_status: wasOpen ? row.previous_status : row.status,
      changed: wasOpen ? joined(row.changed, text) : text });
  }

  function lostReason(row, info, to) {
    if (!info.replaced_by.length) {
      return row.standard_id + " " + info.why + " in " + to + ", with no replacement";
    }
    return row.standard_id + " " + info.why + " in " + to + "; its replacement(s) " +
      info.replaced_by.join(", ") + " already carry answers of their own";
  }

  function carryStep(rows, step) {
    var has = Object.prototype.hasOwnProperty;
    var kept = [], moved = [], lost = [], taken = {};
    rows.forEach(function (row) {
      var id = row.standard_id;
      if (has.call(step.gone, id)) { moved.push(row); }
      else if (has.call(step.changed, id)) {
        kept.push(recheck(row, step.to + ": " + step.changed[id]));
      } else { kept.push(row); }
    });
    kept.forEach(function (row) { taken[row.standard_id] = true; });
    moved.forEach(function (row) {
      var info = step.gone[row.standard_id];
      var free = info.replaced_by.filter(function (id) { return !taken[id]; });
      free.forEach(function (id) {
        kept.push(replaced(row, id, step.to + ": replaces " + row.standard_id + " (" +
          info.why + ")"));
        taken[id] = true;
      });
      if (!free.length) {
        lost.push(assign(assign({}, row), { version: step.to,
          reason: lostReason(row, info, step.to) }));
      }
    });
    return { rows: kept, lost: lost };
  }

  function newRow(id) {
    return { standard_id: id, status: "blank", evidence: "", owner: "", target_date: "",
      carried: "new", carried_from: "", previous_status: "blank", changed: "" };
  }

  /* Carry rows through the steps onto the target catalogue: the same result as
     carry.carry_forward (a test compares them on the shipped releases). */
  function carryForward(rows, steps, target) {
    var current = rows, lost = [];
    steps.forEach(function (step) {
      var done = carryStep(current, step);
      current = done.rows;
      lost = lost.concat(done.lost);
    });
    var byId = {}, ids = {};
    current.forEach(function (row) { byId[row.standard_id] = row; });
    var out = target.standards.map(function (s) {
      ids[s.id] = true;
      return byId[s.id] || newRow(s.id);
    });
    current.forEach(function (row) {
      if (!ids[row.standard_id]) {
        lost.push(assign(assign({}, row), { version: target.version,
          reason: "not a standard of " + target.version }));
      }
    });
    var counts = {};
    CARRIED.forEach(function (name) { counts[name] = 0; });
    out.forEach(function (row) { counts[row.carried] += 1; });
    return { from: steps.length ? steps[0].from : target.version, to: target.version,
      rows: out, not_carried: lost, counts: counts };
  }

  /* The steps from `version` on, or null when it is not an earlier version. */
  function stepsFrom(steps, version) {
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].from === version) { return steps.slice(i); }
    }
    return null;
  }

  var api = { normaliseStatus: normaliseStatus, score: score, decodeBytes: decodeBytes,
    parseCsv: parseCsv, readAssessment: readAssessment, toCsv: toCsv, compareIds: compareIds,
    startRows: startRows, carryForward: carryForward, stepsFrom: stepsFrom,
    fileVersion: fileVersion };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") { return; }

  /* --- the page ------------------------------------------------------------------------ */

  var app = document.getElementById("sa-app");
  var dataBlock = document.getElementById("sa-data");
  if (!app || !dataBlock) { return; }
  var data = JSON.parse(dataBlock.textContent);
  var scoring = data.scoring;
  var KEY = "framework-self-assessment:";
  var key = KEY + data.version;
  var steps = data.carry || [];
  var carry = null;  /* {from, counts, not_carried, rows: {id: carried, ...}} once carried */
  var offered = null;  /* the carry on offer: {source, result} */
  var live = document.getElementById("sa-live");

  function announce(message) {
    live.textContent = "";
    root.setTimeout(function () { live.textContent = message; }, 50);
  }

  function lower(id) { return id.toLowerCase(); }
  function field(id, name) { return document.getElementById("sa-" + lower(id) + "-" + name); }

  function stored(version) {
    try {
      var found = JSON.parse(root.localStorage.getItem(KEY + version) || "null");
      return found && typeof found === "object" ? found : null;
    } catch (e) {
      return null;
    }
  }

  function load() {
    var found = stored(data.version) || {};
    carry = found.carry || null;
    return { answers: found.answers || {}, checklist: found.checklist || {}, carry: carry };
  }

  function save(state) {
    try {
      root.localStorage.setItem(key, JSON.stringify(state));
      return true;
    } catch (e) {
      announce("Your browser did not let this page save. Export a CSV to keep your answers.");
      return false;
    }
  }

  function readForm() {
    var state = { answers: {}, checklist: {}, carry: carry };
    data.standards.forEach(function (s) {
      var checked = app.querySelector('input[name="sa-status-' + lower(s.id) + '"]:checked');
      state.answers[s.id] = { status: checked ? checked.value : "blank",
        evidence: field(s.id, "evidence").value, owner: field(s.id, "owner").value,
        target_date: field(s.id, "target").value };
    });
    app.querySelectorAll("input[data-item]").forEach(function (box) {
      if (box.checked) { state.checklist[box.getAttribute("data-item")] = true; }
    });
    return state;
  }

  function writeForm(state) {
    data.standards.forEach(function (s) {
      var a = state.answers[s.id] || {};
      var radio = field(s.id, a.status || "blank");
      if (radio) { radio.checked = true; }
      field(s.id, "evidence").value = a.evidence || "";
      field(s.id, "owner").value = a.owner || "";
      field(s.id, "target").value = a.target_date || "";
    });
    app.querySelectorAll("input[data-item]").forEach(function (box) {
      box.checked = !!state.checklist[box.getAttribute("data-item")];
    });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function scoreTable(caption, groups, label) {
    var table = el("table", null, { "class": "sa-table" });
    table.appendChild(el("caption", caption));
    var head = el("tr");
    [label, "Score"].concat(scoring.status_order.map(function (s) {
      return scoring.statuses[s].label;
    })).forEach(function (h) { head.appendChild(el("th", h, { scope: "col" })); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    groups.forEach(function (g) {
      var tr = body.appendChild(el("tr"));
      tr.appendChild(el("th", g.area ? g.area + " " + g.title : g.level, { scope: "row" }));
      tr.appendChild(el("td", g.percent === null ? "nothing applicable" : g.percent + "%"));
      scoring.status_order.forEach(function (s) { tr.appendChild(el("td", String(g.counts[s]))); });
    });
    return table;
  }

  function headline(result) {
    var o = result.overall;
    return "Overall score: " + (o.percent === null ? "nothing applicable" : o.percent + "%") +
      " (" + o.points + " of " + o.max + " weighted points). " + result.actions.length +
      " standard(s) not yet met.";
  }

  function renderSummary(state) {
    var statuses = {};
    Object.keys(state.answers).forEach(function (id) { statuses[id] = state.answers[id].status; });
    var result = score(data, statuses, scoring);
    var body = document.getElementById("sa-summary-body");
    body.textContent = "";
    body.appendChild(el("p", headline(result)));
    body.appendChild(scoreTable("Score by area", result.by_area, "Area"));
    body.appendChild(scoreTable("Score by level", result.by_level, "Level"));
    body.appendChild(el("h3", "Open actions, unmet MUSTs first", { id: "sa-actions-heading" }));
    var list = body.appendChild(el("ol", null, { id: "sa-actions",
      "aria-labelledby": "sa-actions-heading" }));
    result.actions.forEach(function (a) {
      var item = list.appendChild(el("li"));
      item.appendChild(el("a", a.id + " " + a.title, { href: "#sa-std-" + lower(a.id) }));
      item.appendChild(document.createTextNode(" (" + a.level + "): " +
        scoring.statuses[a.status].label));
    });
    return result;
  }

  /* Save, redraw the summary and, for a deliberate change, announce it with the new score,
     so a screen reader user hears what the summary now says without moving there. */
  function update(message) {
    var state = readForm();
    var saved = save(state);
    var result = renderSummary(state);
    if (saved && message) { announce(message + " " + headline(result)); }
  }

  function download() {
    var text = toCsv(data, readForm().answers, carry && carry.rows);
    var blob = new Blob(["\uFEFF" + text], { type: "text/csv;charset=utf-8" });
    var link = el("a", null, { href: URL.createObjectURL(blob),
      download: "self-assessment-" + data.version + ".csv" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    announce("Exported your answers as a CSV file.");
  }

  function showProblems(problems) {
    var list = document.getElementById("sa-import-errors");
    list.textContent = "";
    problems.slice(0, 50).forEach(function (p) { list.appendChild(el("li", "Row " + p)); });
    list.hidden = problems.length === 0;
  }

  function importFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var result;
      try {
        result = readImport(decodeBytes(new Uint8Array(reader.result)), file.name);
      } catch (e) {
        showProblems([]);
        announce("Import refused: " + e.message);
        return;
      }
      if (!result) { return; }
      showProblems(result.problems);
      if (result.problems.length) {
        announce("Import refused: " + result.problems.length + " problem(s), listed below " +
          "the import button. Nothing was changed.");
        return;
      }
      var state = readForm();
      Object.keys(result.answers).forEach(function (id) { state.answers[id] = result.answers[id]; });
      writeForm(state);
      update("Imported " + Object.keys(result.answers).length + " answer(s) from " + file.name + ".");
    };
    reader.readAsArrayBuffer(file);
  }

  /* --- carrying answers forward from an earlier version -------------------------------- */

  /* An imported file's answers; for an earlier version's file, the offer to carry it instead
     (returns null then). */
  function readImport(text, name) {
    var version = fileVersion(text);
    var later = version === data.version ? null : stepsFrom(steps, version);
    if (!later) { return readAssessment(text, data, scoring); }
    var old = { version: version, standards: later[0].standards.map(function (id) {
      return { id: id };
    }) };
    var result = readAssessment(text, old, scoring);
    if (result.problems.length) { return result; }
    showProblems([]);
    offer("The file " + name + " holds answers for version " + version + ".",
      carryForward(startRows(result.answers), later, data));
    return null;
  }

  function countsText(counts) {
    return counts.kept + " kept, " + counts.recheck + " to recheck, " + counts["new"] +
      " new, " + counts.replaced + " replaced";
  }

  function listLost(list, lost) {
    list.textContent = "";
    lost.forEach(function (row) { list.appendChild(el("li", row.reason)); });
    list.hidden = lost.length === 0;
  }

  function offer(source, result) {
    offered = result;
    var panel = document.getElementById("sa-carry");
    document.getElementById("sa-carry-text").textContent = source + " Carried to version " +
      data.version + ": " + countsText(result.counts) + "." + (result.not_carried.length ?
      " " + result.not_carried.length + " answer(s) cannot be carried:" : "");
    listLost(document.getElementById("sa-carry-lost"), result.not_carried);
    panel.hidden = false;
    document.getElementById("sa-carry-heading").focus();
    announce("Answers for version " + result.from + " can be carried forward: " +
      countsText(result.counts) + ".");
  }

  function needsAttention(row) { return row.carried !== "kept"; }

  function acceptCarry() {
    var result = offered;
    var state = readForm();
    var rows = {};
    state.answers = {};
    result.rows.forEach(function (row) {
      state.answers[row.standard_id] = { status: row.status, evidence: row.evidence,
        owner: row.owner, target_date: row.target_date };
      rows[row.standard_id] = { carried: row.carried, carried_from: row.carried_from,
        previous_status: row.previous_status, changed: row.changed };
    });
    carry = { from: result.from, counts: result.counts, not_carried: result.not_carried,
      rows: rows };
    state.carry = carry;
    writeForm(state);
    closeOffer();
    showCarried();
    var box = document.getElementById("sa-attention");
    box.checked = true;
    filter();
    box.focus();
    var open = result.rows.filter(needsAttention).length;
    update("Carried forward the answers for version " + result.from + ": " +
      countsText(result.counts) + ". Showing the " + open + " standard(s) that need attention.");
  }

  function closeOffer() {
    offered = null;
    document.getElementById("sa-carry").hidden = true;
  }

  function dismissCarry() {
    closeOffer();
    if (!stored(data.version)) { save(readForm()); }  /* not offered again from storage */
    announce("Nothing was carried forward.");
  }

  var WORDS = { kept: "unchanged since version ", recheck: "to recheck: changed since version ",
    replaced: "replaces a withdrawn standard of version ", "new": "new since version " };

  /* The carried state of each standard, in words beside it, and the carry summary. */
  function showCarried() {
    app.querySelectorAll(".sa-carried-note").forEach(function (note) { note.remove(); });
    var section = document.getElementById("sa-carried");
    section.hidden = !carry;
    if (!carry) { return; }
    document.getElementById("sa-carried-text").textContent = "Carried forward from version " +
      carry.from + ": " + countsText(carry.counts) + "." + (carry.not_carried.length ? " " +
      carry.not_carried.length + " answer(s) could not be carried:" : "");
    listLost(document.getElementById("sa-carried-lost"), carry.not_carried);
    data.standards.forEach(function (s) {
      var c = carry.rows[s.id];
      if (!c) { return; }
      var text = "Carried: " + WORDS[c.carried] + carry.from + ".";
      if (c.changed) { text += " What changed: " + c.changed + "."; }
      if (c.previous_status && c.previous_status !== "blank") {
        text += " Previous status: " + scoring.statuses[c.previous_status].label + ".";
      }
      var block = document.getElementById("sa-std-" + lower(s.id));
      var note = el("p", text, { "class": "sa-carried-note sa-carried-" + c.carried,
        id: "sa-" + lower(s.id) + "-carried" });
      block.insertBefore(note, block.querySelector("fieldset"));
    });
  }

  /* Show only the standards that need attention (recheck, replaced, new), or all of them. */
  function filter() {
    var only = carry && document.getElementById("sa-attention").checked;
    data.standards.forEach(function (s) {
      var c = carry && carry.rows[s.id];
      document.getElementById("sa-std-" + lower(s.id)).hidden = !!only && !(c && needsAttention(c));
    });
    app.querySelectorAll(".sa-area").forEach(function (area) {
      area.hidden = !area.querySelector(".sa-standard:not([hidden])");
    });
  }

  /* Answers stored in this browser for the latest earlier version, when this version has none. */
  function offerStored() {
    if (stored(data.version)) { return; }
    for (var i = steps.length - 1; i >= 0; i--) {
      var found = stored(steps[i].from);
      if (found && found.answers && Object.keys(found.answers).some(function (id) {
        var a = found.answers[id];
        return (a.status && a.status !== "blank") || a.evidence || a.owner || a.target_date;
      })) {
        offer("This browser holds answers for version " + steps[i].from + ".",
          carryForward(startRows(found.answers), steps.slice(i), data));
        return;
      }
    }
  }

  writeForm(load());
  renderSummary(readForm());
  showCarried();
  offerStored();
  document.getElementById("sa-carry-accept").addEventListener("click", acceptCarry);
  document.getElementById("sa-carry-dismiss").addEventListener("click", dismissCarry);
  app.addEventListener("change", function (event) {
    if (event.target.id === "sa-import") { return; }
    if (event.target.id === "sa-attention") {
      filter();
      announce(event.target.checked ? "Showing only the standards that need attention." :
        "Showing every standard.");
      return;
    }
    update("Saved.");
  });
  app.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") { update(null); }
  });
  document.getElementById("sa-export").addEventListener("click", download);
  document.getElementById("sa-print").addEventListener("click", function () { root.print(); });
  document.getElementById("sa-import").addEventListener("change", function (event) {
    if (event.target.files.length) { importFile(event.target.files[0]); }
    event.target.value = "";
  });
  document.getElementById("sa-clear").addEventListener("click", function () {
    if (!root.confirm("Clear every answer for version " + data.version + "?")) { return; }
    carry = null;
    writeForm({ answers: {}, checklist: {} });
    showCarried();
    filter();
    update("Cleared every answer.");
  });
  app.setAttribute("data-ready", "true");
}(typeof window !== "undefined" ? window : this));
