/* Functions the tables grid (dash-ag-grid) calls by name: money and percent formatting in the
   page's language, and drill-down from a row (click, or Enter on a focused cell). Row data carry
   exact đồng; only the display is scaled. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

(function () {
  var LOCALES = { vi: "vi-VN", en: "en-US" };
  var SCALES = { ty: 1e9, trieu: 1e6, dong: 1 };
  var formats = {};

  function numberFormat(lang, decimals) {
    var key = lang + decimals;
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(LOCALES[lang] || "vi-VN", {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
    }
    return formats[key];
  }

  function drillTo(params, setEventData) {
    var data = params && params.data;
    if (data && data.href && !(params.node && params.node.rowPinned)) {
      setEventData({ href: data.href });
    }
  }

  dagfuncs.NTP = {
    money: function (value, lang, scale) {
      if (value === null || value === undefined || value === "") return "";
      var decimals = scale === "dong" ? 0 : 1;
      return numberFormat(lang, decimals).format(value / (SCALES[scale] || 1));
    },
    percent: function (value, lang) {
      if (value === null || value === undefined || value === "" || isNaN(value)) return "–";
      return numberFormat(lang, 1).format(value * 100) + "%";
    },
    drill: drillTo,
    drillKey: function (params, setEventData) {
      if (params && params.event && params.event.key === "Enter") drillTo(params, setEventData);
    },
  };
})();
