// HTTP for the transfer engine: the shared undici dispatcher, streamed PUTs of file ranges,
// the bandwidth limit, URL expiry and URL redaction.
export { createHttpAgent, DEFAULT_CONNECTIONS_PER_ORIGIN } from './agent';
export type { HttpAgentOptions } from './agent';
export { BandwidthLimiter } from './bandwidth';
export { headerValue, parseHeaderList, putBytes, putFileRange } from './request';
export type { FileRange, HttpResponse, PutOptions } from './request';
export { redactUrl, UNKNOWN_EXPIRY_MS, urlExpiresAtMs } from './presigned-url';
