import { hashedAsset, type StaticAsset } from '../http/staticAssets.js';
import { ADMIN_CSS, ADMIN_JS } from './adminLayout.js';
import { STATUS_CSS } from './adminStatus.js';
import { CONSOLE_CSS } from './consoleCss.js';
import { MEDIA_CSS } from './consoleMedia.js';
import { CONSOLE_JS } from './consoleScript.js';

export interface ConsoleFiles {
  css: StaticAsset;
  js: StaticAsset;
  adminCss: StaticAsset;
  adminJs: StaticAsset;
}

let files: ConsoleFiles | null = null;

/**
 * The console's style and script under names that carry their content's hash
 * (`/advisor/assets/console.<hash>.css`): cached for a year, and a new version is a new name.
 * Built on first use (the pages that link them import this module, and so do the modules it reads).
 */
export function consoleFiles(): ConsoleFiles {
  files ??= {
    css: hashedAsset('/advisor/assets', 'console', 'css', CONSOLE_CSS + MEDIA_CSS, 'text/css; charset=utf-8'),
    js: hashedAsset('/advisor/assets', 'console', 'js', CONSOLE_JS, 'text/javascript; charset=utf-8'),
    adminCss: hashedAsset('/advisor/admin/assets', 'admin', 'css', ADMIN_CSS + STATUS_CSS, 'text/css; charset=utf-8'),
    adminJs: hashedAsset('/advisor/admin/assets', 'admin', 'js', ADMIN_JS, 'text/javascript; charset=utf-8'),
  };
  return files;
}
