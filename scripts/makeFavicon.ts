// Renders src/http/siteIcon.ts's SVG at 32×32 in Chromium and prints it as an ICO (base64), for
// FAVICON_ICO_BASE64 in that file: `npx tsx scripts/makeFavicon.ts`.
import { ICON_SVG } from '../src/http/siteIcon.js';
import { launchBrowser } from '../test/support/browser.js';

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 32, height: 32 } });
await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${ICON_SVG.replace('<svg ', '<svg width="32" height="32" ')}`);
const png = await page.screenshot({ omitBackground: true, type: 'png' });
await browser.close();
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt8(0, 8); // no palette
header.writeUInt8(0, 9);
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14);
header.writeUInt32LE(22, 18); // offset of the PNG
console.log(Buffer.concat([header, png]).toString('base64'));
