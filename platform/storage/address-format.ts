// The inverse of parseStorageAddress: writes a parsed address back as text in its canonical
// form, so that a configured file store can be stored (encrypted) and parsed again on load.
//
// NOTE: The result contains the address's secrets. Encrypt it before storing; never log it.

import type { StorageAddress } from './address';
import { DEFAULT_GCS_ENDPOINT, defaultAzureEndpoint } from './address-types';

const encode = encodeURIComponent;

function encodeLocation(bucket: string, path: string): string {
  const segments = [bucket, ...path.split('/').filter((part) => part !== '')];
  return segments.map(encode).join('/');
}

/**
 * Returns the address as `scheme://user:secret@location?options`, with every part URL-encoded,
 * such that parseStorageAddress(formatStorageAddress(a)) equals `a`.
 */
export function formatStorageAddress(address: StorageAddress): string {
  switch (address.provider) {
    case 's3': {
      if (address.fromDeployment) return 'cw://';

      const scheme = address.flavor === 'coreweave' ? 'cw' : 's3';
      const endpoint = new URL(address.endpoint);
      const credentials = `${encode(address.accessKeyId)}:${encode(address.secretAccessKey)}`;
      const location = `${endpoint.host}/${encodeLocation(address.bucket, address.path)}`;
      return `${scheme}://${credentials}@${location}?region=${encode(address.region)}&tls=${address.tls}`;
    }

    case 'gcs': {
      const credentials = `${encode(address.clientEmail)}:${encode(address.privateKey)}`;
      const location = encodeLocation(address.bucket, address.path);
      const options =
        address.endpoint === DEFAULT_GCS_ENDPOINT ? '' : `?endpoint=${encode(address.endpoint)}`;
      return `gs://${credentials}@${location}${options}`;
    }

    case 'azure': {
      const location = `${encode(address.accountName)}/${encodeLocation(address.container, address.path)}`;
      const isDefault = address.endpoint === defaultAzureEndpoint(address.accountName);
      const options = isDefault ? '' : `?endpoint=${encode(address.endpoint)}`;
      return `az://:${encode(address.accountKey)}@${location}${options}`;
    }
  }
}
