// Registers the service worker that keeps the app, its data and its downloads working
// offline. A separate file, so the page needs no inline script beyond Trunk's loader.
if ('serviceWorker' in navigator) {
  const base = document.querySelector('base')?.getAttribute('href') || '/';
  navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch(() => {
    // No service worker (private mode, old WebView): the app still works online.
  });
}
