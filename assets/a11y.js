/* Keyboard and screen-reader fixes that apply to every page.
   1. The navbar's menu button opens and closes the menu below the lg breakpoint.
   2. Dash's dropdowns put in the tab order a hidden, read-only input that passes the focus on
      to the dropdown's button (itself out of the tab order). Being aria-hidden yet focusable,
      that input is a screen-reader trap: the button takes its place in the tab order. */
(function () {
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest(".app-navbar .navbar-toggler");
        if (!button) { return; }
        var menu = document.getElementById(button.getAttribute("aria-controls"));
        if (!menu) { return; }
        var open = menu.classList.toggle("show");
        button.setAttribute("aria-expanded", open ? "true" : "false");
    });

    // 3. A panel marked data-fold-on-phone (the map's filters) starts folded on a phone, so
    //    the map comes first and the filters are one tap away.
    var PHONE = window.matchMedia("(max-width: 767.98px)");

    function fold(root) {
        if (!PHONE.matches || !root.querySelectorAll) { return; }
        root.querySelectorAll("details[data-fold-on-phone]:not([data-folded])").forEach(function (d) {
            d.open = false;
            d.setAttribute("data-folded", "1");
        });
    }

    function untab(root) {
        if (!root.querySelectorAll) { return; }
        root.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
            if (input.tabIndex !== -1) { input.tabIndex = -1; }
        });
        root.querySelectorAll(".dash-dropdown-wrapper > button.dash-dropdown:not([disabled])").forEach(
            function (button) { if (button.tabIndex !== 0) { button.tabIndex = 0; } });
    }

    // a map or chart drawing adds thousands of SVG nodes: none holds a dropdown or a panel
    new MutationObserver(function (records) {
        records.forEach(function (r) {
            if (r.target instanceof SVGElement) { return; }
            if (r.type === "attributes") { untab(r.target.parentNode || document); }
            r.addedNodes && r.addedNodes.forEach(function (n) {
                if (n.nodeType === 1) { untab(n.parentNode || n); fold(n.parentNode || n); }
            });
        });
    }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
                                            attributeFilter: ["tabindex"] });
})();
