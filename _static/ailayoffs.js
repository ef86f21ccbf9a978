/* The book's own fixes to the theme, loaded on every page (Jupyter Book adds
 * every script in _static/).
 *
 * Sidebar buttons: pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 bind
 * their handlers to the FIRST .primary-toggle / .secondary-toggle in the page,
 * which is a hidden duplicate in the navbar; the buttons a reader sees (the ☰
 * menu, the page-contents button, the desktop sidebar toggle) get none
 * (pydata-sphinx-theme issue 2451, open). Each visible button passes its
 * click on to the bound one, so the themes' own code opens the panel.
 */
(function () {
  function relay(selector) {
    var buttons = Array.prototype.slice.call(document.querySelectorAll(selector));
    if (buttons.length < 2) return;
    var bound = buttons[0];
    buttons.slice(1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    });
  }
  function ready() {
    relay(".primary-toggle");
    relay(".secondary-toggle");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();

/* Charts fit their column. Every numeric width in a chart's spec is scaled
 * down until the drawing fits the box (axis labels and legends do not scale,
 * so it takes a few rounds); a chart that still does not fit is scaled as a
 * picture. It redraws when the column's width changes (a phone turned, a
 * dropdown opened: a closed one measures 0 px). Called by the snippet
 * ailayoffs.charts renders for each chart.
 */
window.ailayoffsDraw = window.ailayoffsDraw || (function () {
  function scaleWidths(node, factor) {
    if (Array.isArray(node)) { node.forEach(function (n) { scaleWidths(n, factor); }); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "datasets" || key === "data" || key === "values") return;
      if ((key === "width" || key === "continuousWidth") && typeof value === "number") {
        node[key] = Math.max(40, Math.floor(value * factor));
      } else { scaleWidths(value, factor); }
    });
  }
  function drawInto(box, el, spec, options, factor, round) {
    var avail = box.clientWidth;
    var copy = JSON.parse(JSON.stringify(spec));
    if (factor < 1) scaleWidths(copy, factor);
    if (box._ailayoffsView) box._ailayoffsView.finalize();
    return vegaEmbed(el, copy, options).then(function (result) {
      box._ailayoffsView = result;
      var svg = el.querySelector("svg");
      // The drawing's own width: the canvas may be clamped to the box, its scroll width is not.
      var used = Math.max(el.getBoundingClientRect().width, el.scrollWidth,
                          svg ? svg.getBoundingClientRect().width : 0);
      if (avail > 0 && used > avail + 1 && round < 4) {
        return drawInto(box, el, spec, options, factor * Math.max(0.2, (avail - 2) / used), round + 1);
      }
      if (svg && avail > 0 && used > avail + 1) {
        var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
        if (!svg.getAttribute("viewBox") && w && h) svg.setAttribute("viewBox", "0 0 " + w + " " + h);
        svg.style.maxWidth = "100%"; svg.style.height = "auto";
        el.classList.add("ailayoffs-chart-scaled");
      }
      box.dataset.drawnWidth = String(avail);
      box.dataset.drawn = "1";
      return result;
    });
  }
  return function (box, el, spec, options) {
    var busy = drawInto(box, el, spec, options, 1, 0);
    if (typeof ResizeObserver === "function") {
      var timer = null;
      new ResizeObserver(function () {
        if (String(box.clientWidth) === box.dataset.drawnWidth) return;
        clearTimeout(timer);
        timer = setTimeout(function () {
          busy = busy.then(function () { return drawInto(box, el, spec, options, 1, 0); });
        }, 150);
      }).observe(box);
    }
    return busy;
  };
})();
