// Shows the plan explorer of Ngày Chuyển đổi số on another site. A web editor pastes one line
// (the app's "Nhúng vào trang" page writes it for the current filters):
//
//   <script src="https://…/embed.js" data-org="vu-buu-chinh" data-lang="vi" async></script>
//
// The widget appears where the script is. To place it elsewhere, or to show several, put
// `<div data-dxday-embed data-group="dia-phuong"></div>` elements on the page; each gets one.
// Attributes: data-group, data-org (several, separated by spaces), data-from, data-to
// (YYYY-MM-DD), data-q, data-year, data-lang (vi, en), data-title, data-height (pixels
// reserved before the widget has loaded).
(() => {
  const script = document.currentScript;
  if (!script || !script.src) return;
  const app = new URL('./', script.src); // the app's own address, sub-path included
  const titles = {
    vi: 'Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia',
    en: 'National Digital Transformation Day plan',
  };
  const keys = ['group', 'org', 'from', 'to', 'q', 'year', 'lang', 'title', 'height'];

  function mount(holder) {
    if (holder.dataset.dxdayMounted) return;
    holder.dataset.dxdayMounted = '1';
    const d = holder.dataset;
    const query = new URLSearchParams();
    for (const key of ['group', 'org']) {
      for (const value of (d[key] || '').split(/[\s,]+/)) if (value) query.append(key, value);
    }
    for (const key of ['from', 'to', 'q', 'year']) if (d[key]) query.set(key, d[key]);
    const lang = d.lang === 'en' ? 'en' : 'vi';
    query.set('lang', lang);
    query.set('embed', '1');

    const frame = document.createElement('iframe');
    frame.src = app.href + '?' + query.toString();
    frame.title = d.title || titles[lang];
    // Reserve the space first, so the host page does not jump when the widget arrives.
    const reserved = Math.min(Math.max(parseInt(d.height, 10) || 720, 200), 4000);
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.height = reserved + 'px';
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    holder.appendChild(frame);

    frame.addEventListener('load', () => {
      frame.contentWindow?.postMessage({ type: 'dxday:hello' }, app.origin);
    });
    window.addEventListener('message', (event) => {
      // Only our own frame, from the app's origin, may set its height.
      if (event.source !== frame.contentWindow || event.origin !== app.origin) return;
      const data = event.data;
      if (!data || data.type !== 'dxday:height') return;
      const height = Math.round(Number(data.height));
      if (!(height >= 100 && height <= 50000)) return;
      frame.style.height = height + 'px';
    });
  }

  const targets = document.querySelectorAll('[data-dxday-embed]');
  if (targets.length > 0) {
    targets.forEach(mount);
  } else {
    const holder = document.createElement('div');
    for (const key of keys) if (script.dataset[key]) holder.dataset[key] = script.dataset[key];
    script.after(holder);
    mount(holder);
  }
})();
