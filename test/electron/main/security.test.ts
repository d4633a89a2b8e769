import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy } from '../../../electron/main/security/csp';
import { isAppSender, isAppUrl } from '../../../electron/main/security/sender';
import { windowOptions } from '../../../electron/main/security/window-options';

describe('window security', () => {
  it('keeps Node out of the renderer', () => {
    const preferences = windowOptions('/app/preload.cjs', 'BYOB Transfer').webPreferences!;

    expect(preferences.contextIsolation).toBe(true);
    expect(preferences.sandbox).toBe(true);
    expect(preferences.nodeIntegration).toBe(false);
    expect(preferences.nodeIntegrationInSubFrames).toBe(false);
    expect(preferences.webSecurity).toBe(true);
    expect(preferences.webviewTag).toBe(false);
    expect(preferences.preload).toBe('/app/preload.cjs');
  });

  it('allows no inline or remote script', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy()
        .split('; ')
        .map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]),
    );

    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('adds the development server when given', () => {
    const policy = contentSecurityPolicy('http://127.0.0.1:5173');

    expect(policy).toContain("script-src 'self' http://127.0.0.1:5173 ws://127.0.0.1:5173");
    expect(policy).toContain("img-src 'self' data:;");
  });

  it.each([
    ['app://byob/index.html', true],
    ['app://byob/deep/page.html?x=1', true],
    ['app://other/index.html', false],
    ['file:///etc/passwd', false],
    ['https://byob/', false],
    ['http://127.0.0.1:5173/', false],
    ['not a url', false],
  ])('treats %s as app URL: %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('admits the development server only when set', () => {
    const sender = { url: 'http://127.0.0.1:5173/', isMainFrame: true };

    expect(isAppSender(sender)).toBe(false);
    expect(isAppSender(sender, 'http://127.0.0.1:5173')).toBe(true);
  });
});
