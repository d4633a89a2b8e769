// The configured platform address and the rule that credentials go only there.
import { PlatformRequestError } from './errors';

export interface PlatformEndpoint {
  /** Scheme, host and port, such as `https://api.wandb.ai`. */
  origin: string;
  /** The address as shown in messages: the origin plus any path prefix, no trailing slash. */
  host: string;
  /** URL of every GraphQL request: `host` + `/graphql`. */
  graphqlUrl: URL;
}

/**
 * Parses the platform address. It must be an http or https URL without user name,
 * password, query string or fragment. A path prefix (for a platform behind a reverse proxy)
 * is kept. Throws a TypeError that names the value and the expected form.
 */
export function parsePlatformHost(host: string): PlatformEndpoint {
  const example = 'give an address such as https://api.wandb.ai or http://127.0.0.1:8080';
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    throw new TypeError(`Invalid platform host "${host}": ${example}.`);
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(
      `Invalid platform host "${host}": the scheme must be http or https; ${example}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    // Printing the value back would print the password, so the message leaves it out.
    throw new TypeError(
      'Invalid platform host: it contains a user name or password; remove them and pass the API key as apiKey.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `Invalid platform host "${url.origin}${url.pathname}…": remove the query string and fragment.`,
    );
  }

  const prefix = url.pathname.replace(/\/+$/, '');
  return {
    origin: url.origin,
    host: url.origin + prefix,
    graphqlUrl: new URL(`${url.origin}${prefix}/graphql`),
  };
}

/**
 * Throws unless `target` has the endpoint's origin (scheme, host and port), so the API key
 * is never attached to a request for any other server. `operationName` names the request
 * in the error.
 */
export function assertCredentialTarget(
  endpoint: PlatformEndpoint,
  target: string | URL,
  operationName: string,
): URL {
  let url: URL | null = null;
  try {
    url = new URL(target);
  } catch {
    // Reported below like any other foreign address.
  }
  if (url !== null && url.origin === endpoint.origin) return url;

  const targetOrigin = url === null ? 'an invalid URL' : url.origin;
  throw new PlatformRequestError({
    code: 'BAD_USER_INPUT',
    operationName,
    host: endpoint.host,
    status: null,
    serverMessage: null,
    serverCode: null,
    detail: `refused to attach the API key to a request for ${targetOrigin}`,
    hint: `the API key is only sent to ${endpoint.origin}, not to ${targetOrigin}; send that request without credentials`,
    attempts: 0,
  });
}
