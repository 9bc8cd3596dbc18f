/* The wall display (/wall, callbacks/wall.py): rotates the panels, keeps a clock, and every
   `refresh` seconds asks /healthz for the data version; only when it changed (or after an outage)
   does it fetch /wall/data and redraw. When the server cannot be reached a "stale since HH:MM"
   banner shows and the last figures stay; the next successful check clears it. No reload, no
   Dash callback per tick. Memory stays bounded: the panel DOM is made once by the layout, each
   panel has one graph div redrawn with Plotly.react, timers are cleared when the page goes. */
(function () {
    "use strict";
    var wall = null;
    var geojson = {}; // url -> promise of the parsed file (boundary URLs are content-hashed)

    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function hhmm(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); }
    function esc(s) {
        return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
        });
    }

    function plotly() {
        if (window.Plotly) { return Promise.resolve(window.Plotly); }
        if (!plotly.loading) {
            plotly.loading = new Promise(function (resolve, reject) {
                var s = document.createElement("script");
                s.src = window._dashPlotlyJSURL || "/_dash-component-suites/plotly/package_data/plotly.min.js";
                s.onload = function () { resolve(window.Plotly); };
                s.onerror = function (e) { plotly.loading = null; reject(e); };
                document.body.appendChild(s);
            });
        }
        return plotly.loading;
    }

    function loadGeo(url) {
        if (!geojson[url]) {
            var keep = {};
            (wall ? wall.data : null) && wall.data.panels.forEach(function (p) {
                if (p.map && geojson[p.map.url]) { keep[p.map.url] = geojson[p.map.url]; }
            });
            geojson = keep; // drop boundary files no panel uses any more
            geojson[url] = fetch(url).then(function (r) {
                if (!r.ok) { delete geojson[url]; throw new Error("wall: " + r.status + " " + url); }
                return r.json();
            });
        }
        return geojson[url];
    }

    /* type scales with the screen: the same share of its height at 1080 and 2160 lines */
    function fontPx() { return Math.round(Math.max(12, Math.min(window.innerHeight * 0.021, 72))); }

    function darkLayout(layout) {
        var size = fontPx(), grid = "#2c3a4d";
        var out = Object.assign({}, layout, {
            font: Object.assign({}, layout.font, { color: "#e6edf3", size: size }),
            paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
            margin: { l: size * 0.5, r: size, t: size * 2.2, b: size * 0.5 },
            hoverlabel: { font: { size: size } }
        });
        ["xaxis", "yaxis"].forEach(function (axis) {
            if (layout[axis]) {
                out[axis] = Object.assign({}, layout[axis], { gridcolor: grid, zerolinecolor: "#6b7a8f",
                    tickfont: { size: size * 0.85 } });
                if (out[axis].title) { out[axis].title = Object.assign({}, out[axis].title, { font: { size: size * 0.85 } }); }
            }
        });
        if (layout.legend) { out.legend = Object.assign({}, layout.legend, { font: { size: size * 0.85 } }); }
        return out;
    }

    // the middle of a feature's bounding box: where its name is written on the map
    function centre(feature) {
        var box = [Infinity, Infinity, -Infinity, -Infinity];
        (function walk(c) {
            if (typeof c[0] === "number") {
                box = [Math.min(box[0], c[0]), Math.min(box[1], c[1]), Math.max(box[2], c[0]), Math.max(box[3], c[1])];
            } else { c.forEach(walk); }
        })(feature.geometry.coordinates);
        return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    }

    function labelTrace(geo, labels) {
        var byId = {};
        geo.features.forEach(function (f) { byId[f.id] = f; });
        var shown = (labels || []).filter(function (l) { return byId[l[0]]; });
        var at = shown.map(function (l) { return centre(byId[l[0]]); });
        return { type: "scattergeo", mode: "text", lon: at.map(function (p) { return p[0]; }),
                 lat: at.map(function (p) { return p[1]; }), text: shown.map(function (l) { return l[1]; }),
                 textfont: { color: "#ffffff", size: 16, shadow: "0 0 3px #000" }, hoverinfo: "skip" };
    }

    // a far archipelago (Hoàng Sa, Trường Sa) beside its province: the province framed on its
    // mainland on the left, the islands in a framed box at the bottom right (geo2)
    function withInset(figure, geo, inset, blank) {
        figure.data.push({ type: "choropleth", geojson: geo, locations: inset.codes, geo: "geo2",
                           z: inset.codes.map(function () { return 0; }), showscale: false,
                           colorscale: [[0, blank], [1, blank]], hoverinfo: "skip",
                           marker: { line: { color: "#c8d1dc", width: 0.6 } } });
        var b = inset.bounds, m = inset.mainland, box = { x: [0.76, 1], y: [0, 0.42] };
        // the main map framed on the mainland's box (sent by the server), not on its locations
        figure.layout.geo = { visible: false, projection: { type: "mercator" }, bgcolor: "rgba(0,0,0,0)",
                              domain: { x: [0, 0.74], y: [0, 1] }, lonaxis: { range: [m[0], m[2]] },
                              lataxis: { range: [m[1], m[3]] } };
        figure.layout.geo2 = { visible: false, projection: { type: "mercator" }, bgcolor: "rgba(0,0,0,0)",
                               domain: box, lonaxis: { range: [b[0], b[2]] }, lataxis: { range: [b[1], b[3]] } };
        figure.layout.shapes = [{ type: "rect", xref: "paper", yref: "paper", x0: box.x[0], x1: box.x[1],
                                  y0: box.y[0], y1: box.y[1], line: { color: "#6b7a8f", width: 1 } }];
        return figure;
    }

    function mapFigure(geo, map) {
        var values = map.values, away = {};
        (map.inset ? map.inset.codes : []).forEach(function (code) { away[code] = true; });
        // the islands of an inset stay out of the main map, which fits its bounds to the rest
        var all = geo.features.map(function (f) { return f.id; }).filter(function (id) { return !away[id]; });
        var line = { color: "#0b1220", width: 0.6 };
        var blank = map.nodata || "#8b95a1";
        var figure = {
            data: [
                { type: "choropleth", geojson: geo, locations: all, z: all.map(function () { return 0; }),
                  colorscale: [[0, blank], [1, blank]], showscale: false, marker: { line: line },
                  hoverinfo: "skip" },
                { type: "choropleth", geojson: geo, locations: values.locations, z: values.z,
                  text: values.text, zmin: -0.5, zmax: values.zmax, colorscale: values.colorscale,
                  showscale: false, marker: { line: line }, hovertemplate: "%{text}<extra></extra>" },
                labelTrace(geo, map.labels)
            ].concat((map.islands || []).map(function (trace) { // the archipelagos, light on the dark wall
                return Object.assign({}, trace, { textfont: { size: 13, color: "#c8d1dc" },
                                                  marker: { size: 3, color: "#c8d1dc" } });
            })),
            layout: { geo: { visible: false, fitbounds: "locations", projection: { type: "mercator" },
                             bgcolor: "rgba(0,0,0,0)" },
                      margin: { l: 0, r: 0, t: 0, b: 0 }, paper_bgcolor: "rgba(0,0,0,0)", dragmode: false,
                      showlegend: false }
        };
        return map.inset ? withInset(figure, geo, map.inset, blank) : figure;
    }

    var CONFIG = { staticPlot: true, displayModeBar: false, responsive: true, topojsonURL: "/topojson/" };

    function draw(div, figure) {
        return plotly().then(function (Plotly) {
            return Plotly.react(div, figure.data, figure.layout, CONFIG);
        });
    }

    function clearGraph(div) {
        if (div.data && window.Plotly) { window.Plotly.purge(div); }
    }

    function kpiHtml(kpis) {
        return (kpis || []).map(function (k) {
            return '<div class="wall-kpi"><div class="wall-kpi-label">' + esc(k.label) + "</div>" +
                '<div class="wall-kpi-value">' + esc(k.value) +
                (k.unit ? ' <span class="wall-kpi-unit">' + esc(k.unit) + "</span>" : "") + "</div>" +
                (k.details || []).map(function (d) { return '<div class="wall-kpi-detail">' + esc(d) + "</div>"; }).join("") +
                "</div>";
        }).join("");
    }

    function tableHtml(table) {
        if (!table || !table.rows.length) { return ""; }
        var numeric = table.numeric || [];
        function cell(tag, v, i) { return "<" + tag + (numeric.indexOf(i) >= 0 ? ' class="num"' : "") + ">" + esc(v) + "</" + tag + ">"; }
        return "<table><thead><tr>" + table.headers.map(function (h, i) { return cell("th", h, i); }).join("") +
            "</tr></thead><tbody>" + table.rows.map(function (r, n) {
                var status = table.status ? ' class="is-' + esc(table.status[n]) + '"' : "";
                return "<tr" + status + ">" + r.map(function (v, i) { return cell("td", v, i); }).join("") + "</tr>";
            }).join("") + "</tbody></table>";
    }

    function legendHtml(legend) {
        if (!legend) { return ""; }
        return '<div class="wall-legend-title">' + esc(legend.title) + "</div>" + legend.items.map(function (c) {
            return '<div class="wall-legend-item"><span style="background:' + esc(c[0]) + '"></span>' + esc(c[1]) + "</div>";
        }).join("");
    }

    function captionText(c) {
        if (!c) { return ""; }
        return [c.units, c.source, c.as_of, c.demo].filter(Boolean).join(" · ");
    }

    function set(section, selector, html) {
        var el = section.querySelector(selector);
        if (el.innerHTML !== html) { el.innerHTML = html; }
    }

    function renderPanel(section, p) {
        section.querySelector(".wall-panel-title").textContent = p.title || "";
        set(section, ".wall-kpis", kpiHtml(p.kpis));
        set(section, ".wall-table", tableHtml(p.table));
        set(section, ".wall-legend", legendHtml(p.legend));
        section.querySelector(".wall-note").textContent = p.note || "";
        section.querySelector(".wall-error").textContent = p.error || "";
        section.querySelector(".wall-caption").textContent = captionText(p.caption);
        var graph = section.querySelector(".wall-graph");
        section.classList.toggle("has-graph", !!(p.figure || p.map));
        section.classList.toggle("has-side", !!((p.table && p.table.rows.length) || p.legend));
        if (p.figure) {
            return draw(graph, { data: p.figure.data, layout: darkLayout(p.figure.layout) });
        }
        if (p.map) {
            return loadGeo(p.map.url).then(function (geo) { return draw(graph, mapFigure(geo, p.map)); });
        }
        clearGraph(graph);
        return Promise.resolve();
    }

    function render(w, data) {
        w.data = data;
        document.getElementById("wall-as-of").textContent = data.as_of || "";
        document.getElementById("wall-demo").textContent = data.demo || "";
        w.sections.forEach(function (section, i) {
            if (data.panels[i]) {
                renderPanel(section, data.panels[i]).catch(function (e) { console.warn("wall: panel", i, e); });
            }
        });
    }

    function setStale(w, stale) {
        var banner = document.getElementById("wall-stale");
        if (stale && !w.staleSince) {
            w.staleSince = w.lastGood || new Date();
            banner.textContent = w.labels.stale.replace("{time}", hhmm(w.staleSince));
        }
        if (!stale) { w.staleSince = null; }
        banner.hidden = !stale;
        w.root.classList.toggle("is-stale", stale);
    }

    function fetchJson(url) {
        var controller = new AbortController();
        var timer = setTimeout(function () { controller.abort(); }, 15000);
        return fetch(url, { cache: "no-store", signal: controller.signal }).then(function (r) {
            clearTimeout(timer);
            if (!r.ok) { throw new Error("wall: " + r.status + " " + url); }
            return r.json();
        }, function (e) { clearTimeout(timer); throw e; });
    }

    function check(w) {
        if (w.stopped) { return; }
        fetchJson("/healthz").then(function (health) {
            if (health.status !== "ok") { throw new Error("wall: database unavailable"); }
            if (w.data && !w.staleSince && health.data_version === w.version) { return null; }
            return fetchJson("/wall/data" + w.query).then(function (data) {
                w.version = data.version;
                render(w, data);
            });
        }).then(function () {
            w.lastGood = new Date();
            setStale(w, false);
        }).catch(function () {
            setStale(w, true);
        }).then(function () {
            if (!w.stopped) { w.checkTimer = setTimeout(function () { check(w); }, w.refresh * 1000); }
        });
    }

    function rotate(w) {
        if (w.sections.length < 2) { return; }
        w.sections[w.current].classList.remove("is-active");
        w.dots[w.current].classList.remove("is-active");
        w.current = (w.current + 1) % w.sections.length;
        w.sections[w.current].classList.add("is-active");
        w.dots[w.current].classList.add("is-active");
        w.rotations += 1;
        w.root.setAttribute("data-rotations", String(w.rotations));
        w.root.setAttribute("data-current", w.sections[w.current].getAttribute("data-kind"));
    }

    function tick() {
        var clock = document.getElementById("wall-clock");
        if (clock) { clock.textContent = hhmm(new Date()) + ":" + pad(new Date().getSeconds()); }
    }

    function start(root) {
        CONFIG.topojsonURL = root.getAttribute("data-topojson") || CONFIG.topojsonURL;
        var w = {
            root: root,
            query: root.getAttribute("data-query"),
            seconds: Math.max(0.1, parseFloat(root.getAttribute("data-seconds")) || 20),
            refresh: Math.max(1, parseFloat(root.getAttribute("data-refresh")) || 300),
            labels: JSON.parse(root.getAttribute("data-labels") || "{}"),
            topojson: root.getAttribute("data-topojson"),
            sections: Array.prototype.slice.call(root.querySelectorAll(".wall-panel")),
            dots: Array.prototype.slice.call(root.querySelectorAll(".wall-dot")),
            current: 0, rotations: 0, version: null, data: null, lastGood: null, staleSince: null
        };
        root.setAttribute("data-current", w.sections.length ? w.sections[0].getAttribute("data-kind") : "");
        tick();
        w.clockTimer = setInterval(tick, 1000);
        w.rotateTimer = setInterval(function () { rotate(w); }, w.seconds * 1000);
        check(w);
        return w;
    }

    function stop(w) {
        w.stopped = true;
        clearInterval(w.clockTimer);
        clearInterval(w.rotateTimer);
        clearTimeout(w.checkTimer);
        w.sections.forEach(function (s) { clearGraph(s.querySelector(".wall-graph")); });
    }

    function onResize() {
        if (wall && wall.data) { render(wall, wall.data); }
    }

    function watch() {
        var root = document.querySelector(".wall[data-query]");
        if (wall && wall.root !== root) { stop(wall); wall = null; }
        if (root && !wall) { wall = start(root); }
    }

    var resizeTimer = null;
    window.addEventListener("resize", function () {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(onResize, 300);
    });
    /* Dash renders the page after this script runs: watch for the wall frame to appear or go */
    new MutationObserver(function () { watch(); }).observe(document.documentElement, { childList: true, subtree: true });
    window.ntpWall = { state: function () { return wall; } };
})();
