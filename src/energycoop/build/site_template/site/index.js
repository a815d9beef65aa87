/* The index: filter the finding cards by the step of the verdict scale (buttons with aria-pressed); the
   statements that are not factual claims keep their heading only where they are shown. A card prints its
   sources and its evidence only where the reader opened it (site.css). */
(function () {
  var buttons = document.querySelectorAll(".filters button");
  var cards = document.querySelectorAll(".findings .finding");
  var statements = document.querySelectorAll(".statements-title, .statements-note");
  function apply(filter) {
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.filter === filter ? "true" : "false"); });
    cards.forEach(function (card) { card.hidden = !(filter === "all" || card.dataset.group === filter); });
    statements.forEach(function (e) { e.hidden = !(filter === "all" || filter === "not-factual"); });
  }
  var status = document.querySelector(".filter-status");
  function announce(button) {  // a screen reader hears what the filter did
    var shown = [].filter.call(cards, function (card) { return !card.hidden; }).length;
    if (status) status.textContent = shown + (shown === 1 ? " card" : " cards") + " shown: " + button.textContent.trim();
  }
  buttons.forEach(function (b) { b.addEventListener("click", function () { apply(b.dataset.filter); announce(b); }); });
  // a link to a card always shows it, whatever the filter
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("finding") && target.hidden) apply("all");
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
