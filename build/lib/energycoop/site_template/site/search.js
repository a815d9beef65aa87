/* Offline search: the index is prebuilt in Python (lunr) and loaded by a <script> tag as
   window.SEARCH_INDEX and window.SEARCH_DOCS, so it works from file:// with no server. */
(function () {
  var index = lunr.Index.load(window.SEARCH_INDEX);
  var docs = window.SEARCH_DOCS;
  var input = document.getElementById("search-query");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");

  function tokens(text) {
    return lunr.tokenizer(text).filter(function (t) { return lunr.stopWordFilter(t) !== undefined; });
  }
  function run(text, presence) {
    var terms = tokens(text);
    if (!terms.length) return [];
    return index.query(function (q) {
      terms.forEach(function (t) { q.term(t, {presence: presence}); });
    });
  }
  function search(text) {
    var results = run(text, lunr.Query.presence.REQUIRED);
    if (!results.length) results = run(text, lunr.Query.presence.OPTIONAL);
    return results;
  }
  function render(text) {
    list.innerHTML = "";
    if (!text.trim()) { status.textContent = "Type a word or two: a term, a project, a number."; return; }
    var results = search(text);
    status.textContent = results.length + (results.length === 1 ? " result" : " results") + " for \u201c" + text + "\u201d";
    results.slice(0, 50).forEach(function (r) {
      var doc = docs[r.ref];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc.href;
      link.textContent = doc.title;
      var where = document.createElement("span");
      where.className = "search-page";
      where.textContent = doc.page;
      var snippet = document.createElement("p");
      snippet.textContent = doc.text;
      item.appendChild(link);
      item.appendChild(where);
      item.appendChild(snippet);
      list.appendChild(item);
    });
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  render(query);
  input.addEventListener("input", function () { render(input.value); });
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    render(input.value);
  });
})();
