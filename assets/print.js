/* The heading every page prints with: its title, its filters in words, the data-as-of month and
   the source, read from the page itself so it matches what is on screen after any callback.
   Kept up to date as the page changes (printing to PDF fires no "beforeprint" event). On paper a
   data grid lays out all its rows, not only those in view. */
(function () {
    function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

    function controlValue(control) {
        if (!control) { return ""; }
        if (control.matches("button.dash-dropdown")) {
            return text(control.querySelector(".dash-dropdown-value"));
        }
        var checked = control.querySelector("input:checked");
        if (checked) { return text(document.querySelector('label[for="' + checked.id + '"]')); }
        return "";
    }

    function filters() {
        var parts = [];
        document.querySelectorAll("main label[for]").forEach(function (label) {
            var value = controlValue(document.getElementById(label.getAttribute("for")));
            if (value) { parts.push(text(label) + ": " + value); }
        });
        document.querySelectorAll("main [role=group][aria-label]").forEach(function (group) {
            var active = group.querySelector(".active");
            if (active) { parts.push(group.getAttribute("aria-label") + ": " + text(active)); }
        });
        return parts.join(" · ");
    }

    function source() {
        var found = "";
        document.querySelectorAll("main .card-footer.caption").forEach(function (c) {
            if (found) { return; }
            text(c).split(" · ").forEach(function (part) {
                if (!found && /^(Nguồn|Source)\b/.test(part)) { found = part; }
            });
        });
        return found;
    }

    function update() {
        var header = document.getElementById("print-header");
        var main = document.querySelector("main");
        if (!header || !main) { return; }
        var lines = [text(main.querySelector("h1")), text(main.querySelector(".print-subject")),
                     text(main.querySelector(".period")), filters(),
                     [text(document.querySelector(".app-navbar .data-as-of")), source()]
                         .filter(Boolean).join(" · ")];
        var html = lines.filter(Boolean).map(function (line, i) {
            var div = document.createElement("div");
            div.className = i === 0 ? "print-title" : "print-line";
            div.textContent = line;
            return div.outerHTML;
        }).join("");
        if (header.innerHTML !== html) { header.innerHTML = html; }
    }

    var pending = null;
    function later() {
        if (pending) { return; }
        pending = setTimeout(function () { pending = null; update(); }, 200);
    }
    new MutationObserver(function (records) {
        if (records.every(function (r) { return r.target.closest && r.target.closest("#print-header"); })) {
            return;  // its own update
        }
        later();
    }).observe(document.documentElement, { childList: true, subtree: true, characterData: true,
                                            attributes: true, attributeFilter: ["class", "checked"] });
    // charts drawn for the screen's width are redrawn for the paper's, and back after
    function resizeCharts() {
        if (!window.Plotly) { return; }
        document.querySelectorAll(".js-plotly-plot").forEach(function (g) { window.Plotly.Plots.resize(g); });
    }
    // a grid draws only the rows in view: on paper it lays out every row, and back after
    function gridLayout(print) {
        if (!window.dash_ag_grid) { return; }
        document.querySelectorAll("main .tables-grid[id]").forEach(function (g) {
            try {
                window.dash_ag_grid.getApi(g.id).setGridOption("domLayout", print ? "print" : "normal");
            } catch (e) { /* not drawn yet */ }
        });
    }
    function beforePrint() { update(); resizeCharts(); gridLayout(true); }
    function afterPrint() { resizeCharts(); gridLayout(false); }
    window.NTPPrint = { before: beforePrint, after: afterPrint };  // for printing without the events
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    window.matchMedia("print").addEventListener("change", function (m) {
        if (m.matches) { beforePrint(); } else { afterPrint(); }
    });
})();
