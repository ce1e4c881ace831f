/* Service worker of the participant's agenda (business matching).
   Network first: the agenda page is fetched as usual and a copy kept; when the network is down the
   copy is shown, with its "offline copy from …" note made visible. Styles and scripts the page
   saved are served from the copy only when the network fails. Nothing else is touched. */
"use strict";

var CACHE = "chumchon-agenda-v1";
var AGENDA = /\/matching\/[^/]+\/agenda\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (key) {
              return key.indexOf("chumchon-agenda-") === 0 && key !== CACHE;
            })
            .map(function (key) {
              return caches.delete(key);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function keyOf(url) {
  return url.origin + url.pathname;
}

function keep(cache, key, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(key, response);
  }
  return Promise.resolve();
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "save" || !Array.isArray(data.urls)) {
    return;
  }
  var urls = data.urls
    .map(function (href) {
      return new URL(href, self.location.href);
    })
    .filter(function (url) {
      return url.origin === self.location.origin;
    });
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return Promise.all(
          urls.map(function (url) {
            var key = AGENDA.test(url.pathname) ? keyOf(url) : url.href;
            return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
              return keep(cache, key, response);
            });
          })
        );
      })
      .then(
        function () {
          if (port) port.postMessage({ saved: true });
        },
        function () {
          if (port) port.postMessage({ saved: false });
        }
      )
  );
});

function offlineCopy(cached) {
  return cached.text().then(function (html) {
    return new Response(html.replace('id="offline-note" role="status" hidden', 'id="offline-note" role="status"'), {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    if (!AGENDA.test(url.pathname)) {
      return;
    }
    event.respondWith(
      fetch(request)
        .then(function (response) {
          var copy = response.clone();
          event.waitUntil(
            caches.open(CACHE).then(function (cache) {
              return keep(cache, keyOf(url), copy);
            })
          );
          return response;
        })
        .catch(function () {
          return caches.match(keyOf(url)).then(function (cached) {
            return cached ? offlineCopy(cached) : Response.error();
          });
        })
    );
    return;
  }
  event.respondWith(
    fetch(request).catch(function () {
      return caches.match(request.url).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
