// Registers the service worker that keeps the app, its data and its downloads working
// offline, and tells the app when a newer build is waiting. A separate file, so the page
// needs no inline script beyond Trunk's loader.
//
// The app (Rust) shows the "new version" notice in the person's language: it listens for
// the `dxday:update` event (or reads data-sw-update if the event came before the app ran)
// and answers with `dxday:apply-update` when the person chooses to reload.
if ('serviceWorker' in navigator) {
  const base = document.querySelector('base')?.getAttribute('href') || '/';
  let waiting = null;
  const announce = (worker) => {
    waiting = worker;
    document.documentElement.dataset.swUpdate = 'ready';
    window.dispatchEvent(new Event('dxday:update'));
  };
  window.addEventListener('dxday:apply-update', () => {
    if (!waiting) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage('skip-waiting');
  });
  navigator.serviceWorker.register(base + 'sw.js', { scope: base }).then((registration) => {
    // A newer build downloaded during an earlier visit is still waiting.
    if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        // Installed while an older worker controls the page: a newer build is ready. On a
        // first visit there is no controller, and nothing to announce.
        if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
      });
    });
    // A tab left open for days (a screen in a ministry lobby) looks again when shown.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
  }).catch(() => {
    // No service worker (private mode, old WebView): the app still works online.
  });
}
