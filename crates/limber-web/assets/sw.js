/*
 * limber's service worker: keeps the app shell (every page and asset) so
 * that after one visit the phone opens limber and runs a whole session with
 * no server. Pages and API reads go to the network first and fall back to
 * the cache; assets come from the cache of this version. Writes are never
 * cached: the pages keep them in their outbox until the server is back.
 * The server fills in VERSION (a hash of every asset) and SHELL.
 */
'use strict';

var VERSION = '__VERSION__';
var CACHE = 'limber-' + VERSION;
var SHELL = __SHELL__;

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf('limber-') === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function networkFirst(request, cacheKey) {
  return fetch(request).then(function (res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(cacheKey || request, copy); });
    }
    return res;
  }, function () {
    return caches.match(cacheKey || request, { ignoreSearch: !cacheKey }).then(function (hit) {
      if (hit) return hit;
      throw new Error('offline and not cached');
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/api/') === 0) {
    event.respondWith(networkFirst(request, request.url));
    return;
  }
  if (url.pathname.indexOf('/assets/') === 0 || url.pathname === '/manifest.webmanifest') {
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  // A page: the network when it answers, else the shell's copy (any query).
  event.respondWith(fetch(request).then(function (res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); });
    }
    return res;
  }, function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || caches.match('/');
    });
  }));
});
