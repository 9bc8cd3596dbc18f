/* When the session has ended (signed out elsewhere, expired, account disabled), Dash callbacks
   answer 401: reload the page, which the server then sends to the sign-in form, instead of
   leaving a page that silently stops updating. */
(function () {
    "use strict";
    var original = window.fetch;
    window.fetch = function () {
        return original.apply(this, arguments).then(function (response) {
            if (response.status === 401 && response.url.indexOf("/_dash-update-component") !== -1
                    && window.location.pathname !== "/wall") {
                window.location.reload();
            }
            return response;
        });
    };
})();
