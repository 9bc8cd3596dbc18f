/* The map explorer's clientside functions (callbacks/map.py): draw the choropleth from a boundary
   file fetched once per URL (content-hashed, cached by the browser for a year) and the values the
   server sent; push the view's query into the history without reloading the page. */
window.dash_clientside = window.dash_clientside || {};
(function () {
    "use strict";
    var files = {};

    function load(url) {
        if (!files[url]) {
            files[url] = fetch(url).then(function (response) {
                if (!response.ok) { delete files[url]; throw new Error("map: " + response.status + " " + url); }
                return response.json();
            });
        }
        return files[url];
    }

    // frame the layer on its bounds (sent by the server) plus a margin; plotly's fitbounds would
    // measure every vertex in the browser on each draw
    function frame(bounds) {
        if (!bounds) { return { fitbounds: "locations" }; }
        var dx = (bounds[2] - bounds[0]) * 0.02, dy = (bounds[3] - bounds[1]) * 0.02;
        return { lonaxis: { range: [bounds[0] - dx, bounds[2] + dx] },
                 lataxis: { range: [bounds[1] - dy, bounds[3] + dy] } };
    }

    // a far archipelago (Hoàng Sa, Trường Sa) on its province's map: the province on the left,
    // the islands in a framed box at the bottom right (their traces, sent by the server, say geo2)
    var MAIN = { x: [0, 0.74], y: [0, 1] }, INSET = { x: [0.76, 1], y: [0, 0.42] };

    function withInset(figure, geojson, values, inset) {
        var codes = inset.codes;
        figure.data.push({ type: "choropleth", geojson: geojson, locations: codes, geo: "geo2",
                           z: codes.map(function () { return 0; }), showscale: false,
                           colorscale: [[0, values.nodata], [1, values.nodata]],
                           marker: { line: { color: "#6b7a8f", width: 0.5 } }, hoverinfo: "skip" });
        figure.layout.geo.domain = MAIN;
        figure.layout.geo2 = Object.assign({ visible: false, projection: { type: "mercator" },
                                             bgcolor: "rgba(0,0,0,0)", domain: INSET }, frame(inset.bounds));
        figure.layout.shapes = [{ type: "rect", xref: "paper", yref: "paper", x0: INSET.x[0], x1: INSET.x[1],
                                  y0: INSET.y[0], y1: INSET.y[1], line: { color: "#9aa5b1", width: 1 } }];
        return figure;
    }

    function figure(geojson, values, bounds, labels, inset) {
        // the units without a value only: each unit is drawn once (a recolour patches both);
        // every unit when the server has none (a failed read)
        var blank = values.blank || geojson.features.map(function (f) { return f.id; });
        var line = { color: "#ffffff", width: 0.3 };
        var drawn = {
            data: [
                { type: "choropleth", geojson: geojson, locations: blank, z: blank.map(function () { return 0; }),
                  colorscale: [[0, values.nodata], [1, values.nodata]], showscale: false,
                  marker: { line: line }, hovertemplate: "%{location}<extra></extra>" },
                { type: "choropleth", geojson: geojson, locations: values.locations, z: values.z,
                  text: values.text, zmin: -0.5, zmax: values.zmax, colorscale: values.colorscale,
                  showscale: false, marker: { line: line }, hovertemplate: "%{text}<extra></extra>" }
            ].concat(labels || []), // the archipelagos: dots and names (escaped by the server)
            layout: {
                geo: Object.assign({ visible: false, projection: { type: "mercator" },
                                     bgcolor: "rgba(0,0,0,0)" }, frame(bounds)),
                margin: { l: 0, r: 0, t: 0, b: 0 }, paper_bgcolor: "rgba(0,0,0,0)",
                dragmode: false, uirevision: values.key || "map"
            }
        };
        return inset ? withInset(drawn, geojson, values, inset) : drawn;
    }

    window.dash_clientside.ntp_map = {
        draw: function (geo, values) {
            if (!geo || !geo.url || !values) { return window.dash_clientside.no_update; }
            return load(geo.url).then(function (geojson) { return figure(geojson, values, geo.bounds, geo.labels, geo.inset); });
        },
        push: function (query) {
            if (query && query !== window.location.search) {
                window.history.pushState(null, "", window.location.pathname + query);
            }
            return null;
        }
    };
})();
