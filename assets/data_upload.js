/* The data page's drop zone (layouts/data_upload.py): a CSV or XLSX file dropped on it, or chosen
   with a click (or Enter or Space), is sent to the upload route as multipart/form-data with the
   page's CSRF token. The transfer's progress fills a bar; the route's answer goes into a Dash
   store (dash_clientside.set_props), which starts the review. A file over the limit is refused
   here already (the server refuses it too, from its Content-Length, before reading it).
   Everything the script needs is in the zone's data-* attributes. */
(function () {
    "use strict";

    function setProps(id, props) {
        if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props(id, props);
        }
    }

    function say(zone, text, colour) {
        setProps(zone.dataset.message, {
            children: text,
            className: text ? "mt-2 alert py-2 alert-" + (colour || "info") : "mt-2",
        });
    }

    function bar(zone, percent) {
        var hidden = percent === null;
        setProps(zone.dataset.bar, {
            value: hidden ? 0 : percent,
            label: hidden ? "" : percent + "%",
            style: hidden ? { display: "none" } : {},
        });
    }

    function answer(xhr) {
        try {
            return JSON.parse(xhr.responseText || "{}");
        } catch (error) {
            return {};
        }
    }

    function send(zone, file) {
        if (!file) return;
        if (file.size > parseInt(zone.dataset.maxBytes, 10)) {
            say(zone, zone.dataset.tooLarge, "danger");
            return;
        }
        var form = new FormData();
        form.append("file", file, file.name);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", zone.dataset.url);
        xhr.setRequestHeader("X-CSRFToken", zone.dataset.csrf);
        xhr.upload.onprogress = function (event) {
            if (event.lengthComputable) bar(zone, Math.round((100 * event.loaded) / event.total));
        };
        xhr.onload = function () {
            bar(zone, null);
            var body = answer(xhr);
            if (xhr.status === 200 && body.upload) {
                say(zone, "");
                setProps(zone.dataset.store, { data: body });
            } else if (xhr.status === 413) {
                say(zone, zone.dataset.tooLarge, "danger");
            } else {
                var reason = body.error || xhr.status + " " + xhr.statusText;
                say(zone, zone.dataset.failed.replace("{reason}", reason), "danger");
            }
        };
        xhr.onerror = function () {
            bar(zone, null);
            say(zone, zone.dataset.failed.replace("{reason}", "network error"), "danger");
        };
        say(zone, zone.dataset.uploading.replace("{name}", file.name));
        bar(zone, 0);
        xhr.send(form);
    }

    function zoneOf(target) {
        return target && target.closest ? target.closest(".data-drop") : null;
    }

    function choose(zone) {
        var input = document.createElement("input");
        input.type = "file";
        input.accept = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        input.addEventListener("change", function () {
            send(zone, input.files && input.files[0]);
        });
        input.click();
    }

    document.addEventListener("dragover", function (event) {
        var zone = zoneOf(event.target);
        if (!zone) return;
        event.preventDefault();
        zone.classList.add("dragging");
    });
    document.addEventListener("dragleave", function (event) {
        var zone = zoneOf(event.target);
        if (zone) zone.classList.remove("dragging");
    });
    document.addEventListener("drop", function (event) {
        var zone = zoneOf(event.target);
        if (!zone) return;
        event.preventDefault();
        zone.classList.remove("dragging");
        var files = event.dataTransfer && event.dataTransfer.files;
        send(zone, files && files[0]);
    });
    document.addEventListener("click", function (event) {
        var zone = zoneOf(event.target);
        if (zone) choose(zone);
    });
    document.addEventListener("keydown", function (event) {
        var zone = zoneOf(event.target);
        if (zone && (event.key === "Enter" || event.key === " ")) {
            event.preventDefault();
            choose(zone);
        }
    });

    // the data page's grids: numbers in the page's language, exact (đồng are whole numbers)
    var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
    var LOCALES = { vi: "vi-VN", en: "en-US" };
    var formats = {};
    dagfuncs.NTPData = {
        number: function (value, lang) {
            if (value === null || value === undefined || value === "") return "";
            if (!formats[lang]) {
                formats[lang] = new Intl.NumberFormat(LOCALES[lang] || "vi-VN", {
                    maximumFractionDigits: 2,
                });
            }
            return formats[lang].format(value);
        },
    };
})();
