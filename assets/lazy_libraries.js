/* Component libraries loaded by the pages that draw them, not by every page (callbacks/
   libraries.py). The server leaves such a library's bundle out of the page and names it in a
   <meta name="ntp-lazy-libraries"> tag: {namespace: {url, components, pages}}. Until the bundle
   has run, the namespace holds stand-ins: each renders nothing, loads the bundle once, then
   renders the library's own component with the same props. The stand-ins stay the namespace's
   components after the load (Dash looks components up by name on every render: a different
   component would remount the grid); they take the library's statics (dashRenderType,
   dashPersistence, ...) and its other functions (getApi, ...) are copied beside them. A page
   named in "pages" starts the load at once, in parallel with Dash, so that its first render
   already has the library; another page loads it when it first draws one of its components. */
(function () {
    "use strict";
    var meta = document.querySelector('meta[name="ntp-lazy-libraries"]');
    if (!meta || !window.React) { return; }
    var React = window.React;
    var libraries = JSON.parse(meta.getAttribute("content"));
    var LOAD = "ntpLoad";
    // what Dash reads from a component itself: how it re-renders, what it persists, its props
    var STATICS = ["dashRenderType", "dashChildrenUpdate", "dashPersistence", "defaultProps",
                   "propTypes"];

    function standIns(namespace, library) {
        var stand = {};
        var loading = null;

        function load() {
            if (!loading) {
                loading = new Promise(function (resolve, reject) {
                    var script = document.createElement("script");
                    script.src = library.url;
                    script.onload = function () {
                        var real = window[namespace];
                        window[namespace] = stand;
                        Object.keys(real).forEach(function (key) {
                            if (!(key in stand)) { stand[key] = real[key]; }
                        });
                        library.components.forEach(function (name) {
                            STATICS.forEach(function (key) {
                                if (key in real[name]) { stand[name][key] = real[name][key]; }
                            });
                        });
                        resolve(real);
                    };
                    script.onerror = function () {
                        loading = null;
                        script.remove();
                        reject(new Error("could not load " + library.url));
                    };
                    document.head.appendChild(script);
                });
            }
            return loading;
        }

        library.components.forEach(function (name) {
            var Lazy = React.lazy(function () {
                return load().then(function (module) { return { default: module[name] }; });
            });
            // the same tree before and after the load: the library's component is never remounted
            function StandIn(props) {
                return React.createElement(React.Suspense, { fallback: null },
                                           React.createElement(Lazy, props));
            }
            StandIn.displayName = name;
            stand[name] = StandIn;
        });
        Object.defineProperty(stand, LOAD, { value: load });
        return stand;
    }

    Object.keys(libraries).forEach(function (namespace) {
        if (window[namespace]) { return; }  // the page loaded it already
        var library = libraries[namespace];
        window[namespace] = standIns(namespace, library);
        if ((library.pages || []).indexOf(window.location.pathname) >= 0) {
            window[namespace][LOAD]();
        }
    });
})();
