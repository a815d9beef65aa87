/* The energy-cooperation notebooks: show / hide code, remembered across pages (localStorage).
   Code is hidden by default; the button says what it will do ("Show code", "Hide code") and looks
   pressed while code is shown; it controls <main> (aria-controls) and a status line says how many code cells
   it showed or hid. The page's <head> applies a stored choice before it is drawn. A box that
   scrolls sideways (a wide formula, table, figure or output) becomes focusable and named, so a keyboard
   can scroll it, and shows a cue above it. */
(function () {
  var KEY = "energycoop-hide-code";
  var root = document.documentElement;
  function hiddenStored() { try { return window.localStorage.getItem(KEY) !== "0"; } catch (e) { return true; } }
  function store(hidden) { try { window.localStorage.setItem(KEY, hidden ? "1" : "0"); } catch (e) { /* private mode */ } }
  function show(hidden, announce) {
    root.classList.toggle("hide-code", hidden);
    var count = document.querySelectorAll("main .jp-CodeCell .jp-Cell-inputWrapper").length;
    document.querySelectorAll(".code-status").forEach(function (status) {
      status.textContent = announce ? count + " code cells " + (hidden ? "hidden" : "shown") : "";
    });
    document.querySelectorAll(".site-code-toggle").forEach(function (button) {
      button.textContent = hidden ? "Show code" : "Hide code";
      button.classList.toggle("is-on", !hidden);
    });
    markScrollers();
  }
  /* A table scrolls in its own box (div.table-box, written by the site), never as the table itself: the table
     keeps its table role. Each box that scrolls is a region named for what it holds, each name its own. */
  var BOXES = "main .jp-OutputArea-output, main .jp-RenderedHTMLCommon, main .table-box, .MathJax_Display, main pre";
  function kindOf(box) {
    if (box.classList.contains("table-box")) {
      var table = box.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent.trim() : "";
      var heads = table ? [].slice.call(table.querySelectorAll("thead th")).map(function (th) {
        return th.textContent.trim(); }).filter(Boolean).slice(0, 3) : [];
      return "Table" + (caption ? ": " + caption : heads.length ? " of " + heads.join(", ") : "");
    }
    if (box.classList.contains("MathJax_Display")) return "Formula";
    if (box.tagName === "PRE") return "Printed lines";
    return "Wide output";
  }
  function markScrollers() {
    var seen = {};
    document.querySelectorAll(BOXES).forEach(function (box) {
      var overflow = getComputedStyle(box).overflowX;
      var wide = box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1 &&
        (overflow === "auto" || overflow === "scroll");
      var cue = box.previousElementSibling && box.previousElementSibling.classList.contains("scroll-cue")
        ? box.previousElementSibling : null;
      if (wide) {
        var kind = kindOf(box);
        seen[kind] = (seen[kind] || 0) + 1;
        var label = kind + (seen[kind] > 1 ? " (" + seen[kind] + ")" : "") + ", wider than the screen: scroll sideways";
        box.setAttribute("aria-label", label);
        if (!box.dataset.scroller) {
          if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.dataset.scroller = "1";
        }
        if (!cue && box.parentNode) {
          cue = document.createElement("span");
          cue.className = "scroll-cue";
          cue.setAttribute("aria-hidden", "true");
          cue.textContent = "\u2194 wider than the screen: scroll sideways";
          box.parentNode.insertBefore(cue, box);
        }
      } else if (box.dataset.scroller) {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
        delete box.dataset.scroller;
        if (cue) cue.remove();
      }
    });
  }
  show(hiddenStored());
  document.querySelectorAll(".site-code-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var hidden = !root.classList.contains("hide-code");
      store(hidden);
      show(hidden, true);
    });
  });
  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markScrollers);
  /* MathJax typesets after the page has loaded: until then a formula is its TeX source, one wide line.
     Mark the boxes again once it has typeset, and say so on <html data-typeset="done">. */
  function typeset() { markScrollers(); root.dataset.typeset = "done"; }
  if (window.MathJax && MathJax.Hub && MathJax.Hub.Register) {
    MathJax.Hub.Register.StartupHook("End", function () { MathJax.Hub.Queue(typeset); });
    MathJax.Hub.Register.MessageHook("End Process", markScrollers);
  } else {
    window.addEventListener("load", typeset);
  }
})();
