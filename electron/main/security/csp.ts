// The Content-Security-Policy of the app's pages. Scripts and styles come only from the app's
// own origin: no inline script, no eval, no remote code. The renderer reaches the network only
// through main, so `connect-src` stays at 'self' as well.
const DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // React sets element styles through the CSSOM, which style-src does not restrict, so no
  // inline style needs allowing.
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * Returns the policy as one header value. `devServerOrigin` adds the development server for
 * scripts and its hot-reload socket.
 */
export function contentSecurityPolicy(devServerOrigin: string | null = null): string {
  return Object.entries(DIRECTIVES)
    .map(([name, sources]) => {
      const extra =
        devServerOrigin === null || !['script-src', 'connect-src'].includes(name)
          ? []
          : [devServerOrigin, devServerOrigin.replace(/^http/, 'ws')];
      return [name, ...sources, ...extra].join(' ');
    })
    .join('; ');
}
