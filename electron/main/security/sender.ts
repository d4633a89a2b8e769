// The rule for frames that may call main. The app's page is loaded from the `app://byob/` origin (see
// window.ts), so a request from any other URL, or from a subframe, is rejected before its
// payload is parsed. Pure functions, so they are tested without Electron.
import type { SenderInfo } from '../services/handlers';

/** Scheme and host of the app's own pages. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'byob';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Returns whether `sender` is the main frame of one of the app's pages. `devServerOrigin`
 * admits the renderer's development server (such as `http://127.0.0.1:5173`) when set.
 */
export function isAppSender(sender: SenderInfo, devServerOrigin: string | null = null): boolean {
  if (!sender.isMainFrame || sender.url === null) return false;
  return isAppUrl(sender.url, devServerOrigin);
}

/** Returns whether a navigation target or sender URL belongs to the app. */
export function isAppUrl(url: string, devServerOrigin: string | null = null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devServerOrigin !== null && parsed.origin === devServerOrigin;
}
