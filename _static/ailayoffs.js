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
  // Vega-Embed's actions menu opens from a <summary> that holds only an icon: without a name a
  // screen reader announces an unnamed button (axe-core: summary-name, serious).
  function labelActions(el) {
    Array.prototype.forEach.call(el.querySelectorAll(".vega-actions-wrapper > summary, details > summary"), function (s) {
      if (!s.textContent.trim() && !s.getAttribute("aria-label")) {
        s.setAttribute("aria-label", "Download this chart (SVG or PNG)");
      }
    });
  }
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
      labelActions(el);
      var svg = el.querySelector("svg");
      // A viewBox lets the drawing scale as a picture (a printed page is narrower than the screen).
      if (svg && !svg.getAttribute("viewBox") && parseFloat(svg.getAttribute("width")) && parseFloat(svg.getAttribute("height"))) {
        svg.setAttribute("viewBox", "0 0 " + parseFloat(svg.getAttribute("width")) + " " + parseFloat(svg.getAttribute("height")));
      }
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

/* Keyboard access to what scrolls sideways. A table or chart wider than its column scrolls inside
 * a box; a keyboard user can scroll it only if the box takes focus (WCAG 2.1.1; axe-core:
 * scrollable-region-focusable, serious). The theme does this for its own containers; these are the
 * book's. A box that does not scroll (at this width) is left out of the tab order.
 */
(function () {
  var BOXES = ".ailayoffs-table, .ailayoffs-chart, .register-table-wrap, .bd-article .cell_output, .bd-article .output_html";
  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(BOXES), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls) {
        box.tabIndex = 0;
        if (!box.getAttribute("role")) { box.setAttribute("role", "region"); box.dataset.ailayoffsRegion = "1"; }
        if (!box.getAttribute("aria-label")) {
          box.setAttribute("aria-label", "Scrollable content: use the arrow keys to scroll sideways");
          box.dataset.ailayoffsLabel = "1";
        }
      } else if (box.tabIndex === 0 && box.dataset.ailayoffsRegion) {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); delete box.dataset.ailayoffsRegion;
        if (box.dataset.ailayoffsLabel) { box.removeAttribute("aria-label"); delete box.dataset.ailayoffsLabel; }
      }
    });
  }
  var timer = null;
  function later() { clearTimeout(timer); timer = setTimeout(update, 200); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("load", update);
  window.addEventListener("resize", later);
  function observe() {
    var article = document.querySelector(".bd-article");
    if (article && typeof MutationObserver === "function") {
      new MutationObserver(later).observe(article, {childList: true, subtree: true});
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", observe);
  else observe();
})();
