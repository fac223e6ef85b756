// The page inside a ministry's or province's iframe (`?embed=1`): marks the document for
// the compact layout before the first paint, and tells the host page its height so the
// host can size the frame and never scroll inside it. Loaded without `defer` for that.
(() => {
  if (new URLSearchParams(location.search).get('embed') !== '1') return;
  const root = document.documentElement;
  root.classList.add('embed');
  if (window.parent === window) return;
  // The host introduces itself with a hello from embed.js; until then we say nothing, and
  // afterwards we speak only to its origin, never to '*'. Who may frame us at all is the
  // server's CSP frame-ancestors list, which the browser enforces before this runs.
  let host = null;
  let sent = 0;
  const send = () => {
    if (!host) return;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: 'dxday:height', height }, host);
  };
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    if (!event.data || event.data.type !== 'dxday:hello') return;
    host = event.origin;
    sent = 0;
    send();
  });
  new ResizeObserver(send).observe(root);
})();
