// On a phone, the facets of the search results start folded so that the listings come first;
// the summary opens them. Without JavaScript, or while a filter is chosen, they stay open.
(function () {
  "use strict";
  var facets = document.querySelector("details[data-fold-when-narrow]");
  if (facets && window.matchMedia("(max-width: 61.99rem)").matches) {
    facets.open = false;
  }
})();
