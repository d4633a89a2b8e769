import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { parseStorageAddress } from '../../../platform/storage/address';
import { formatStorageAddress } from '../../../platform/storage/address-format';
import {
  bucketLocation,
  findFileStore,
  parseFileStores,
  resolveStoreArgument,
  storeName,
} from '../../../platform/storage/file-stores';

const AZURE_KEY = encodeURIComponent(Buffer.alloc(64, 3).toString('base64'));
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const ADDRESSES = {
  s3: 's3://AKIAEXAMPLE0000:wJal%2BrXUtn%2FFEMI@127.0.0.1:8000/research/base?region=default&tls=false',
  aws: 's3://AKIAEXAMPLE0000:secret@s3.eu-west-1.amazonaws.com/team-data',
  coreweave: 'cw://CWKEY:cwsecret@cwobject.com/models?region=us-east-04a',
  gcs: `gs://svc%40proj.iam.gserviceaccount.com:${encodeURIComponent(PEM)}@gcs-bucket/sub/dir?endpoint=${encodeURIComponent('http://127.0.0.1:4443')}`,
  azure: `az://:${AZURE_KEY}@acct/data?endpoint=${encodeURIComponent('http://127.0.0.1:10000/acct')}`,
  azurePublic: `az://:${AZURE_KEY}@other/data/a%20b`,
};

describe('formatStorageAddress', () => {
  it.each(Object.entries(ADDRESSES))('round-trips the %s address', (_name, text) => {
    const parsed = parseStorageAddress(text);

    expect(parseStorageAddress(formatStorageAddress(parsed))).toEqual(parsed);
  });
});

describe('file stores', () => {
  const stores = parseFileStores(
    [ADDRESSES.s3, ADDRESSES.gcs, ADDRESSES.azure, ADDRESSES.azurePublic].join(','),
  );

  it('finds a store by bucket name', () => {
    expect(findFileStore(stores, 'research').provider).toBe('s3');
    expect(findFileStore(stores, 'gs://gcs-bucket').provider).toBe('gcs');
  });

  it('finds an Azure store by account and container', () => {
    const store = findFileStore(stores, 'acct/data');

    expect(store.provider).toBe('azure');
    expect(storeName(store)).toBe('acct/data');
  });

  it('rejects an ambiguous Azure container name', () => {
    expect(() => findFileStore(stores, 'data', 'azure')).toThrow(
      'The azure store "data" matches 2 configured file stores',
    );
  });

  it('lists the stores masked when a name is unknown', () => {
    const find = () => findFileStore(stores, 'nope');

    expect(find).toThrow(/Unknown store "nope": choose one of the configured file stores: /);
    expect(find).toThrow(/s3:\/\/AKIA…@127\.0\.0\.1:8000\/research\/base/);
    expect(find).not.toThrow(/wJal|BEGIN/);
  });

  it('takes a full address as given', () => {
    const store = resolveStoreArgument([], ADDRESSES.aws);

    expect(store.provider).toBe('s3');
    expect(storeName(store)).toBe('team-data');
  });

  it('rejects a bare cw:// as a file store', () => {
    expect(() => parseFileStores(`${ADDRESSES.azure},cw://`)).toThrow(
      /A bare cw:\/\/ names the deployment's own CoreWeave bucket/,
    );
  });

  it('gives credentials no part in the bucket location', () => {
    const other = parseFileStores(ADDRESSES.s3.replace('AKIAEXAMPLE0000', 'AKIAOTHER000000'));

    expect(bucketLocation(other[0]!)).toBe(bucketLocation(stores[0]!));
    expect(bucketLocation(stores[0]!)).toBe('s3:http://127.0.0.1:8000/research');
  });
});
