// Service worker of Ngày Chuyển đổi số. scripts/sw.mjs fills in VERSION and ASSETS from the
// build output, so every hashed file of this build is precached and a new build gets a new
// cache (old ones are removed on activation).
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const SHELL = 'dxday-shell-' + VERSION;
const DATA = 'dxday-data';
// Addresses shown by forms.html: a new initiative, tracking, moderation, the embed code.
const FORMS = /^(initiatives\/new|initiatives\/track(\/[^/]+)?|admin|embed)\/?$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('dxday-shell-') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page asks the waiting worker to take over when the person accepts the update.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(cacheName)).put(request, response.clone());
    return response;
  } catch (e) {
    const cached = (await caches.match(request)) || (fallbackUrl && (await caches.match(fallbackUrl)));
    if (cached) return cached;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (request.mode === 'navigate') {
    // Pages: the network when there is one, else the cached page of the part of the app the
    // address belongs to (the rule of dxday_core::route::Route::bundle).
    const inApp = url.pathname.slice(scope.pathname.length);
    const page = FORMS.test(inApp) ? 'forms.html' : 'index.html';
    event.respondWith(networkFirst(request, SHELL, scope.pathname + page));
  } else if (url.pathname.startsWith(scope.pathname + 'api/')) {
    // API data: fresh when online, the last copy when not.
    event.respondWith(networkFirst(request, DATA));
  } else {
    // Hashed assets and plan files: the cache, which this build filled.
    event.respondWith(caches.match(request).then((hit) => hit || networkFirst(request, DATA)));
  }
});
