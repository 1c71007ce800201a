/**
 * The web chat's service worker: the page opens without a connection (a person on a bus reloads
 * while their messages wait to be sent). The page comes from the network when it can, else from
 * the last copy; the page's script, style and icon, whose names carry their content's hash, from
 * the cache (both put there when the worker is installed). Nothing else is touched: the conversation itself (the API) always goes to the network,
 * and no message text is ever stored here (the page's queue is in localStorage until it is sent).
 */
export function webchatServiceWorker(assets: string[], version: string): string {
  return `const CACHE = 'tawjih-webchat-${version}';
const ASSETS = ${JSON.stringify(assets)};
self.addEventListener('install', (e) => {
  // The conversation (the API) and the console go straight to the network, without waking the
  // worker (Static Routing API, where the browser has it).
  try { if (e.addRoutes) e.addRoutes([{ condition: { urlPattern: new URLPattern({ pathname: '/webchat/api/*' }) }, source: 'network' }, { condition: { urlPattern: new URLPattern({ pathname: '/advisor*' }) }, source: 'network' }]).catch(() => {}); } catch (err) { /* older browsers: the fetch handler lets them through */ }
  // The page in the browser's language (the page's script then applies the conversation's).
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll([...ASSETS, '/'])).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tawjih-webchat-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put('/', response.clone());
    return response;
  } catch (e) {
    return (await cache.match('/', { ignoreVary: true })) || Response.error();
  }
}
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  if (e.request.mode === 'navigate' && url.pathname === '/') e.respondWith(page(e.request));
  else if (ASSETS.includes(url.pathname)) e.respondWith(caches.match(e.request).then((hit) => hit || fetch(e.request)));
});
`;
}
