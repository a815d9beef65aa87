/* The index: filter the finding cards by the step of the verdict scale (buttons with aria-pressed). */
(function () {
  var buttons = document.querySelectorAll(".filters button");
  var cards = document.querySelectorAll(".findings .finding");
  function apply(filter) {
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.filter === filter ? "true" : "false"); });
    cards.forEach(function (card) { card.hidden = !(filter === "all" || card.dataset.group === filter); });
  }
  buttons.forEach(function (b) { b.addEventListener("click", function () { apply(b.dataset.filter); }); });
  // a link to a card always shows it, whatever the filter
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("finding") && target.hidden) apply("all");
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
