/* The navbar's language links switch the language of the page as it is now. The map explorer and
   the tables write their state into the address bar themselves, without Dash's router hearing of
   it, so a link the server rendered may hold an older address: take the current one instead and
   hand it to Dash's router as its own links do. A modified click (new tab) keeps the link. */
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest(".lang-switch a[href]");
        if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
            event.altKey) { return; }
        var lang = new URL(link.href, window.location.href).searchParams.get("lang");
        if (!lang) { return; }
        var url = new URL(window.location.href);
        url.searchParams.set("lang", lang);
        event.preventDefault();
        event.stopPropagation();
        window.history.pushState({}, "", url.pathname + url.search);
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    }, true);
})();
