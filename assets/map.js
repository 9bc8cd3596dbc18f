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

    function figure(geojson, values, bounds, labels) {
        // the units without a value only: each unit is drawn once (a recolour patches both);
        // every unit when the server has none (a failed read)
        var blank = values.blank || geojson.features.map(function (f) { return f.id; });
        var line = { color: "#ffffff", width: 0.3 };
        return {
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
    }

    window.dash_clientside.ntp_map = {
        draw: function (geo, values) {
            if (!geo || !geo.url || !values) { return window.dash_clientside.no_update; }
            return load(geo.url).then(function (geojson) { return figure(geojson, values, geo.bounds, geo.labels); });
        },
        push: function (query) {
            if (query && query !== window.location.search) {
                window.history.pushState(null, "", window.location.pathname + query);
            }
            return null;
        }
    };
})();
