import type { Hono } from 'hono';
import { hashedAsset, IMMUTABLE, serveAsset, contentHash } from './staticAssets.js';

/** The Center's icon: a white speech bubble on its green (the web chat's header colour). */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b6e4f"/>' +
  '<path d="M8 7h16a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3h-8l-6 5v-5H8a3 3 0 0 1-3-3v-9a3 3 0 0 1 3-3z" fill="#fff"/></svg>';

/** The same icon as /favicon.ico (a 32×32 PNG inside an ICO header), for browsers and tools that ask for it. Made by scripts/makeFavicon.ts. */
const FAVICON_ICO_BASE64 =
  'AAABAAEAICAAAAEAIAB3AgAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAixJREFUeJzsl01IVFEYht9z7pnAmaYMyqhNu6xFJYEg0cJqESUxFVG0qIZwI0hUizZF0MJNBFm6sLAwolYRkwYl+LNQQd14BUVHVFz5LwyOXh3HucdzRkf8uYOjc7zjYp7F5fvud+9533PP/fsY1vL0ZqYzwp+JKI8AOSDIggo4xjmgi6jV0Mh7lPoCsRKJBc7iG9dASCUh5Dh2Ec75sNgUGuU1/1YNuIo9V0HxHzbCTfO6NEFQVHDI6WDdwskx2Ii8EgYLnWEZjD6yW1wilzpjcd9DRkHzkCKkNhV3Z8oMSG1GCE5sLGS5M1Hi8eLKqZxonAzjwQDqe3W8/FMVjdcitZnVSW9vF+LO+YtQgZzA/dx8ODQG77d3m+qWBvKzz0I18ca0NHDYdQCqiTcmRYpJG0gbSBvYmwamZoNQTbwxLQ00+juhmga/brnf8lX84nclItzE5exzOLL/IJJBfgHrejrwqrrKsk5cTzwcCTDzwbcuj5gmnv/6hC8ttUgGhh0wPW/g7ucSNA90I1m2bWBgYgS3Kt5gcHIUKhAG+JhYiaOJHNzU3xWdeTA0BzXwMco50RM59HtbPQrKXysUl7/mRKcrLdOWFP0sgymeDJVIbco1UiHiAOwnILXpfKlvSMzrMWyGw/RKbU0mi23+XkfuyXYRXhIdixu7yEpzes8oq/krcy1WCLf39YcvnP7qMLEg0pBo19yidXVBBcvteYuIfhgafRD+WN0VKy0BAAD///IZo9EAAAAGSURBVAMAEUS7IBULKTMAAAAASUVORK5CYII=';

export const ICON = hashedAsset('', 'icon', 'svg', ICON_SVG, 'image/svg+xml');
const ico = Uint8Array.from(atob(FAVICON_ICO_BASE64), (ch) => ch.charCodeAt(0));
const FAVICON = { body: ico, type: 'image/x-icon', etag: `"${contentHash(ico)}"` };

/** /favicon.ico (a day, then revalidated by its ETag) and the icon under its hashed name (a year). */
export function mountSiteIcon(app: Hono): void {
  app.get('/favicon.ico', (c) => serveAsset(c, FAVICON, 'public, max-age=86400'));
  app.get(ICON.path, (c) => serveAsset(c, ICON, IMMUTABLE));
}
