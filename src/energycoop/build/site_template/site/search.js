/* Offline search: the index is prebuilt in Python (lunr) and loaded by a <script> tag as
   window.SEARCH_INDEX and window.SEARCH_DOCS, so it works from file:// with no server. Each
   result's snippet is cut from the document's prose around the first word found, with the
   words found marked. */
(function () {
  var index = lunr.Index.load(window.SEARCH_INDEX);
  var docs = window.SEARCH_DOCS;
  var input = document.getElementById("search-query");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var WIDTH = 220;

  /* the words typed, trimmed as the index's words were ("$145.6" is looked for as "145.6"), stop words left out */
  function tokens(text) {
    return lunr.tokenizer(text).map(function (t) { return lunr.trimmer(t); }).filter(function (t) {
      return t.toString() !== "" && lunr.stopWordFilter(t) !== undefined;
    });
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
  function stems(text) {  // what to look for in the prose: each word's stem (lunr's), at least 3 letters
    return tokens(text).map(function (t) {
      var s = lunr.stemmer(new lunr.Token(t.toString())).toString();
      return (s.length >= 3 ? s : t.toString()).toLowerCase();
    });
  }
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  /* a number typed without its thousands separators ("240000") finds it printed with them ("240,000") */
  function wordPattern(w) { return /^\d+$/.test(w) ? w.split("").join(",?") : escapeRegExp(w); }
  function patternOf(words) {
    return words.length ? new RegExp("\\b(" + words.map(wordPattern).join("|") + ")\\w*", "gi") : null;
  }
  /* the snippet comes from the prose around the first word found; where the prose lacks it (the word is in a
     table or a printed result), from the section's other text */
  function snippetText(doc, words) {
    var pattern = patternOf(words);
    if (pattern && doc.more && !pattern.test(doc.text || "")) {
      pattern.lastIndex = 0;
      if (pattern.test(doc.more)) return doc.more;
    }
    return doc.text || "";
  }
  function fromOther(doc, words) { return doc.more !== undefined && snippetText(doc, words) === doc.more; }
  function snippet(text, words, into, atWord) {
    var pattern = patternOf(words);
    var match = pattern ? pattern.exec(text) : null;
    var start = 0;
    if (match) {
      start = atWord ? match.index : Math.max(0, match.index - WIDTH / 3);  // a table's text: from the word on
      var space = text.lastIndexOf(" ", start);
      start = start === 0 ? 0 : (space > 0 ? space + 1 : start);
    }
    var end = Math.min(text.length, start + WIDTH);
    var cut = text.lastIndexOf(" ", end);
    if (end < text.length && cut > start + WIDTH / 2) end = cut;
    var piece = text.slice(start, end);
    if (start > 0) into.appendChild(document.createTextNode("\u2026 "));
    var last = 0;
    if (pattern) {
      pattern.lastIndex = 0;
      var m;
      while ((m = pattern.exec(piece)) !== null) {
        into.appendChild(document.createTextNode(piece.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        into.appendChild(mark);
        last = m.index + m[0].length;
      }
    }
    into.appendChild(document.createTextNode(piece.slice(last)));
    if (end < text.length) into.appendChild(document.createTextNode(" \u2026"));
  }
  function render(text) {
    list.innerHTML = "";
    if (!text.trim()) { status.textContent = "Type a word or two: a term, a project, a number."; return; }
    var results = search(text);
    var words = stems(text);
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
      var p = document.createElement("p");
      snippet(snippetText(doc, words), words, p, fromOther(doc, words));
      item.appendChild(link);
      item.appendChild(where);
      item.appendChild(p);
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
