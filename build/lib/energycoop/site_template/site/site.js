/* The energy-cooperation notebooks: show / hide code, remembered across pages (localStorage).
   Code is shown by default; the page's <head> applies a stored choice before it is drawn. */
(function () {
  var KEY = "energycoop-hide-code";
  var root = document.documentElement;
  function stored() { try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(hidden) { try { window.localStorage.setItem(KEY, hidden ? "1" : "0"); } catch (e) { /* private mode */ } }
  function show(hidden) {
    root.classList.toggle("hide-code", hidden);
    document.querySelectorAll(".site-code-toggle").forEach(function (button) {
      button.textContent = hidden ? "Show code" : "Hide code";
      button.setAttribute("aria-pressed", hidden ? "true" : "false");
    });
  }
  show(stored());
  document.querySelectorAll(".site-code-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var hidden = !root.classList.contains("hide-code");
      store(hidden);
      show(hidden);
    });
  });
})();
