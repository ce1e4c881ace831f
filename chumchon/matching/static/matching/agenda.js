/* The agenda keeps working offline: register the service worker and ask it to save this page and
   what it needs (styles, scripts). Progressive enhancement: without JavaScript or service workers
   the page works as usual online. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !("caches" in window)) {
    return;
  }
  var swUrl = script.getAttribute("data-sw");
  var scope = script.getAttribute("data-scope");

  function toSave() {
    // The page itself, always: on a first visit the worker may claim the page after it loaded
    // (so it never saw the page go by), and whether it has by now is a race.
    var urls = [location.href.split("#")[0]];
    var elements = document.querySelectorAll("link[rel=stylesheet][href], script[src]");
    Array.prototype.forEach.call(elements, function (element) {
      var url = new URL(element.getAttribute(element.tagName === "LINK" ? "href" : "src"), location.href);
      if (url.origin === location.origin) {
        urls.push(url.href);
      }
    });
    return urls;
  }

  function saved() {
    document.documentElement.setAttribute("data-offline-ready", "1");
    var note = document.getElementById("offline-ready");
    if (note) {
      note.hidden = false;
    }
  }

  navigator.serviceWorker
    .register(swUrl, { scope: scope })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      if (!registration.active || !navigator.onLine) {
        return;
      }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        if (event.data && event.data.saved) {
          saved();
        }
      };
      registration.active.postMessage({ type: "save", urls: toSave() }, [channel.port2]);
    })
    .catch(function () {
      /* No offline copy this time; the page still works online. */
    });
})();
