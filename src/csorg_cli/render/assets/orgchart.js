/* csorg's interactive org chart: the thin wrapper between csorg's data and d3-org-chart.
 *
 * Everything csorg decides (box wording, colours, search, details, findings) comes from the JSON
 * in #csorg-data or lives here; only the `OrgChartView` calls below touch the library, so a
 * replacement library needs only this file changed. User text reaches the page through
 * `textContent` or `esc()`, never as markup.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("csorg-data").textContent);
  var BOX_CSS = document.getElementById("csorg-box-css").textContent;
  var NODE_WIDTH = 236;
  var NODE_HEIGHT = 100;
  var UNFOLD_AT_MOST = 150; // search unfolds the chains of this many matches, highlights them all
  var nodes = DATA.nodes;
  var byId = new Map();
  var kids = new Map();
  nodes.forEach(function (n) {
    byId.set(n.id, n);
    kids.set(n.id, []);
  });
  nodes.forEach(function (n) {
    if (n.parentId !== null && byId.has(n.parentId)) kids.get(n.parentId).push(n);
  });

  function esc(text) {
    return String(text == null ? "" : text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function ancestors(n) {
    var out = [];
    var seen = new Set();
    var up = byId.get(n.parentId);
    while (up && !seen.has(up.id)) {
      seen.add(up.id);
      out.push(up);
      up = byId.get(up.parentId);
    }
    return out;
  }

  function subtree(root) {
    var out = [];
    var stack = [root];
    while (stack.length) {
      var n = stack.pop();
      out.push(n);
      kids.get(n.id).forEach(function (k) { stack.push(k); });
    }
    return out;
  }

  // What search looks in: title, people, role id, segment (name and id), region.
  nodes.forEach(function (n) {
    n._search = [n.title, (n.people || []).join(" "), n.synthetic ? "" : n.id, n.segment,
      n.segmentId, n.region].join("\n").toLowerCase();
  });

  // Depth from the top, to open big orgs folded below the second level.
  var depth = new Map();
  nodes.forEach(function (n) { depth.set(n.id, ancestors(n).length); });
  nodes.forEach(function (n) {
    n._expanded = DATA.foldBelow == null || depth.get(n.id) <= DATA.foldBelow;
  });

  // ---- header and legend ------------------------------------------------------------------

  document.getElementById("csorg-name").textContent = DATA.name;
  document.getElementById("csorg-facts").textContent = DATA.facts;
  document.title = DATA.name + ": org chart";
  var legend = document.getElementById("csorg-legend");
  function legendItem(swatchClass, style, label) {
    var item = document.createElement("span");
    item.className = "csorg-legend-item";
    var swatch = document.createElement("span");
    swatch.className = "csorg-swatch " + swatchClass;
    if (style) swatch.style.background = style;
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(label));
    legend.appendChild(item);
  }
  DATA.legend.forEach(function (entry) { legendItem("", entry.fill, entry.label); });
  if (nodes.some(function (n) { return n.vacant; })) legendItem("csorg-swatch-open", "", "open seats (dashed)");
  if (DATA.connections.length) legendItem("csorg-swatch-dotted", "", "dotted-line manager");
  if (nodes.some(function (n) { return n.problem; })) legendItem("csorg-swatch-problem", "", "has a finding (csorg validate)");
  legendItem("csorg-swatch-match", "", "search match");

  // ---- boxes --------------------------------------------------------------------------------

  function boxHtml(d) {
    var n = d.data;
    var classes = ["csorg-box"];
    if (n.synthetic) classes.push("csorg-box-org");
    if (n.vacant) classes.push("csorg-box-open");
    if (n.problem) classes.push("csorg-box-problem");
    if (n._highlighted) classes.push("csorg-box-match");
    if (n.id === selected) classes.push("csorg-box-selected");
    var lines = (n.lines || []).map(function (line) {
      return '<div class="csorg-line csorg-line-' + esc(line.kind) + '">' + esc(line.text) + "</div>";
    }).join("");
    var below = kids.get(n.id).length;
    var count = below ? '<div class="csorg-count">' + below + (below === 1 ? " report" : " reports") + "</div>" : "";
    return '<div class="' + classes.join(" ") + '" data-role="' + esc(n.id) + '" style="background:' +
      esc(n.fill) + ';width:' + d.width + "px;height:" + d.height + 'px">' +
      '<div class="csorg-title">' + esc(n.title) + "</div>" + lines + count + "</div>";
  }

  // ---- the library, behind one object -------------------------------------------------------

  var container = document.getElementById("csorg-chart");
  var selected = null;
  var chart = new d3.OrgChart()
    .container(container)
    .svgHeight(Math.max(container.clientHeight, 300))
    .data(nodes)
    .nodeId(function (n) { return n.id; })
    .parentNodeId(function (n) { return n.parentId; })
    .nodeWidth(function () { return NODE_WIDTH; })
    .nodeHeight(function () { return NODE_HEIGHT; })
    .childrenMargin(function () { return 48; })
    .siblingsMargin(function () { return 18; })
    .neighbourMargin(function () { return 36; })
    .compactMarginBetween(function () { return 18; })
    .compactMarginPair(function () { return 48; })
    .duration(DATA.animate ? 300 : 0)
    .imageName((DATA.name || "org-chart").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "org-chart")
    .connections(DATA.connections)
    // No arrow markers (the library's put labels into markup); the box styles travel inside the
    // SVG, so exported PNG and SVG look like the screen.
    .defs(function () { return "<defs><style>" + BOX_CSS + "</style></defs>"; })
    .connectionsUpdate(function () {
      d3.select(this)
        .attr("class", "csorg-dotted")
        .attr("stroke", DATA.theme.dotted)
        .attr("stroke-width", 2)
        .attr("stroke-dasharray", "7 5")
        .attr("fill", "none")
        .attr("pointer-events", "none");
    })
    .nodeUpdate(function () {
      d3.select(this).select(".node-rect").attr("stroke", "none");
    })
    .linkUpdate(function (d) {
      var on = d.data._upToTheRootHighlighted;
      d3.select(this)
        .attr("stroke", on ? "#e8710a" : DATA.theme.edge)
        .attr("stroke-width", on ? 3 : 1.3);
      if (on) d3.select(this).raise();
    })
    .buttonContent(function (arg) {
      var node = arg.node;
      var sign = node.children ? "\u2212" : "+";
      return '<div class="csorg-fold" title="' + (node.children ? "Fold" : "Unfold") + ' this team">' +
        sign + " " + node.data._directSubordinatesPaging + "</div>";
    })
    .nodeContent(boxHtml)
    .onNodeClick(function (d) { showDetails(d.data.id); });

  function state() { return chart.getChartState(); }
  // The boxes on screen: the library's tree follows `children`, which folding empties.
  function drawnNodes() { return state().root ? state().root.descendants() : []; }
  function render() { chart.render(); }

  // ---- search -------------------------------------------------------------------------------

  var searchBox = document.getElementById("csorg-search");
  var matchesLabel = document.getElementById("csorg-matches");
  var matches = [];
  var current = -1;

  function clearMarks() {
    nodes.forEach(function (n) {
      n._highlighted = false;
      n._upToTheRootHighlighted = false;
    });
  }

  var searched = "";

  function search(query) {
    searched = query;
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    clearMarks();
    matches = [];
    current = -1;
    if (!terms.length) {
      matchesLabel.textContent = "";
      render();
      return;
    }
    matches = nodes.filter(function (n) {
      return !n.synthetic && terms.every(function (t) { return n._search.indexOf(t) >= 0; });
    });
    matches.forEach(function (n, i) {
      n._highlighted = true;
      if (i >= UNFOLD_AT_MOST) return;
      n._expanded = true;
      n._upToTheRootHighlighted = true;
      ancestors(n).forEach(function (a) {
        a._expanded = true;
        a._upToTheRootHighlighted = true;
      });
    });
    var shown = Math.min(matches.length, UNFOLD_AT_MOST);
    matchesLabel.textContent = matches.length === 0 ? "no match" :
      matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length > shown ? " (first " + shown + " unfolded)" : "");
    render();
    // Fit the matches with their chains, so a single match is seen in its place in the org.
    var chain = new Set();
    matches.slice(0, 40).forEach(function (n) {
      chain.add(n.id);
      ancestors(n).forEach(function (a) { chain.add(a.id); });
    });
    var found = drawnNodes().filter(function (d) { return chain.has(d.data.id); });
    if (found.length) chart.fit({ nodes: found });
  }

  function next() {
    if (!matches.length) return;
    current = (current + 1) % Math.min(matches.length, UNFOLD_AT_MOST);
    var id = matches[current].id;
    var d = drawnNodes().filter(function (x) { return x.data.id === id; })[0];
    if (d) chart.fit({ nodes: [d], scale: false });
    showDetails(id);
  }

  var timer = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(searchBox.value); }, nodes.length > 1000 ? 200 : 60);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(timer);
      if (searchBox.value !== searched) search(searchBox.value);
      next();
      event.preventDefault();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && document.activeElement !== searchBox) {
      searchBox.focus();
      event.preventDefault();
    } else if (event.key === "Escape") {
      hideDetails();
    }
  });

  // ---- details ------------------------------------------------------------------------------

  var panel = document.getElementById("csorg-details");

  function add(parent, tag, text, className) {
    var el = document.createElement(tag);
    if (text != null) el.textContent = text;
    if (className) el.className = className;
    parent.appendChild(el);
    return el;
  }

  function row(list, label, value) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) return;
    add(list, "dt", label);
    var dd = add(list, "dd");
    if (Array.isArray(value)) {
      var ul = add(dd, "ul");
      value.forEach(function (v) { add(ul, "li", v); });
    } else {
      dd.textContent = value;
    }
  }

  function showDetails(id) {
    var n = byId.get(id);
    if (!n) return;
    selected = id;
    panel.textContent = "";
    panel.hidden = false;
    var close = add(panel, "button", "\u00d7", "csorg-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", hideDetails);
    add(panel, "h2", n.title);
    if (n.synthetic) {
      add(panel, "p", "The organisation: its top-level roles hang below.");
      return;
    }
    var list = add(panel, "dl");
    row(list, "Role id", n.id);
    row(list, "People", n.people && n.people.length ? n.people : (n.open ? "open" : null));
    row(list, "Seats", n.seatsText);
    row(list, "Open seats", String(n.open));
    row(list, "Segment", n.segment ? n.segment + (n.segmentInherited ? " (from the manager's chain)" : "") : null);
    row(list, "Region", n.region ? n.region + (n.regionInherited ? " (from the manager's chain)" : "") : null);
    row(list, "Function", n.functionLabel);
    row(list, "Layer", n.layer == null ? null : String(n.layer));
    if (n.directs) row(list, "Span of control", n.span + " seats in " + n.directs + (n.directs === 1 ? " role" : " roles"));
    row(list, "Reports to", n.parentId && byId.has(n.parentId) && !byId.get(n.parentId).synthetic ? byId.get(n.parentId).title : null);
    row(list, "Dotted line to", n.dotted);
    row(list, "Coverage", n.coverage);
    row(list, "KPIs", n.kpis);
    row(list, "Owns", n.owns);
    row(list, "Description", n.description);
    var findings = add(panel, "section", null, "csorg-findings");
    add(findings, "h3", n.findings.length ? "Findings (" + n.findings.length + ")" : "Findings");
    if (!n.findings.length) add(findings, "p", "None: csorg validate finds nothing about this role.");
    else {
      var ul = add(findings, "ul");
      n.findings.forEach(function (f) {
        var li = add(ul, "li", null, "csorg-finding csorg-" + f.severity);
        add(li, "strong", f.severity + " ");
        add(li, "code", f.rule);
        li.appendChild(document.createTextNode(": " + f.message));
      });
    }
    var actions = add(panel, "div", null, "csorg-actions");
    if (kids.get(n.id).length) {
      var focusButton = add(actions, "button", "Focus on this team", "csorg-focus");
      focusButton.type = "button";
      focusButton.addEventListener("click", function () { focus(n.id); });
    }
    render();
  }

  function hideDetails() {
    panel.hidden = true;
    selected = null;
    render();
  }

  // ---- focus on a subtree (and the #focus=ROLE address) -----------------------------------

  var focused = null;

  // The focus is kept in the address (#focus=ROLE) so it can be bookmarked or shared. Inside the
  // report's sandboxed frame there is no address to keep: that is fine, focus still works.
  function address(hash) {
    try {
      if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (error) {
      /* a sandboxed srcdoc frame */
    }
  }
  var unfocusButton = document.getElementById("csorg-unfocus");

  function focus(id) {
    var root = byId.get(id);
    if (!root) return;
    focused = id;
    var part = subtree(root);
    part.forEach(function (n) { n._expanded = true; });
    // The library wants its top without a parent: a copy of the role, the org left untouched.
    chart.data(part.map(function (n) { return n === root ? Object.assign({}, n, { parentId: null }) : n; }));
    unfocusButton.hidden = false;
    address("#focus=" + encodeURIComponent(id));
    render();
    chart.fit();
  }

  function unfocus() {
    focused = null;
    chart.data(nodes);
    unfocusButton.hidden = true;
    address("");
    render();
    chart.fit();
  }

  // ---- tools --------------------------------------------------------------------------------

  var actions = {
    "expand-all": function () { chart.expandAll(); chart.fit(); },
    "collapse-all": function () {
      nodes.forEach(function (n) { n._expanded = false; });
      chart.collapseAll();
      chart.fit();
    },
    "fit": function () { chart.fit(); },
    "zoom-in": function () { chart.zoomIn(); },
    "zoom-out": function () { chart.zoomOut(); },
    "unfocus": unfocus,
    "export-png": function () { chart.exportImg({ full: false, scale: 2, backgroundColor: DATA.theme.background }); },
    "export-svg": function () { chart.exportSvg(); }
  };
  document.querySelectorAll("[data-action]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.getAttribute("data-action")](); });
  });

  window.addEventListener("resize", function () {
    chart.svgHeight(Math.max(container.clientHeight, 300));
    state().svg && state().svg.attr("height", chart.svgHeight());
  });

  render();
  var wanted = /^#focus=(.+)$/.exec(location.hash);
  var start = wanted ? decodeURIComponent(wanted[1]) : DATA.focus;
  if (start && byId.has(start)) focus(start);
  else chart.fit({ animate: false });

  // For tests and for people who script the page from the console.
  window.csorgChart = {
    search: search,
    details: showDetails,
    focus: focus,
    unfocus: unfocus,
    drawn: function () { return drawnNodes().map(function (d) { return d.data.id; }); },
    matches: function () { return matches.map(function (n) { return n.id; }); },
    focused: function () { return focused; }
  };
})();
