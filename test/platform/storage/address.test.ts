import { generateKeyPairSync } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  describeStorageAddress,
  parseStorageAddress,
  parseStorageAddressList,
  redactStorageAddress,
  StorageAddressError,
  type AzureStorageAddress,
  type GcsStorageAddress,
  type S3StorageAddress,
  type StorageAddressErrorCode,
} from '../../../platform/storage/address';

// AWS's documented example key pair. Its secret contains `/`, so addresses must encode it.
const AWS_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const MINIO_SECRET = 'minio-Secret+Key=42';
// Azurite's published development account and key.
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SERVICE_ACCOUNT = 'uploader@research-project.iam.gserviceaccount.com';
const GCS_PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/** The base64 body of the PEM, the part of the key an error must never show. */
const GCS_KEY_BODY = GCS_PRIVATE_KEY.split('\n').slice(1, -2).join('');

const enc = encodeURIComponent;

function parseS3(text: string): S3StorageAddress {
  const address = parseStorageAddress(text);
  if (address.provider !== 's3' || address.fromDeployment) {
    throw new Error(
      `expected an S3 address with credentials, got ${describeStorageAddress(address)}`,
    );
  }
  return address;
}

function parseGcs(text: string): GcsStorageAddress {
  const address = parseStorageAddress(text);
  if (address.provider !== 'gcs') {
    throw new Error(`expected a GCS address, got ${describeStorageAddress(address)}`);
  }
  return address;
}

function parseAzure(text: string): AzureStorageAddress {
  const address = parseStorageAddress(text);
  if (address.provider !== 'azure') {
    throw new Error(`expected an Azure address, got ${describeStorageAddress(address)}`);
  }
  return address;
}

/** Runs `action`, expects a StorageAddressError and returns it. */
function catchAddressError(action: () => unknown): StorageAddressError {
  try {
    action();
  } catch (error) {
    if (error instanceof StorageAddressError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a StorageAddressError, but nothing was thrown');
}

/** Asserts that no secret appears in anything a log could print from the error. */
function expectNoSecrets(error: StorageAddressError, secrets: readonly string[]): void {
  expect(error.cause).toBeUndefined();
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    expect(String(error)).not.toContain(secret);
    expect(error.address).not.toContain(secret);
    expect(error.stack ?? '').not.toContain(secret);
  }
}

describe('parseStorageAddress on AWS', () => {
  it('takes the region from a regional host', () => {
    const address = parseS3(
      `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.eu-west-1.amazonaws.com/research-data`,
    );

    expect(address.flavor).toBe('aws');
    expect(address.accessKeyId).toBe(AWS_ACCESS_KEY);
    expect(address.secretAccessKey).toBe(AWS_SECRET);
    expect(address.endpoint).toBe('https://s3.eu-west-1.amazonaws.com');
    expect(address.region).toBe('eu-west-1');
    expect(address.tls).toBe(true);
    expect(address.forcePathStyle).toBe(false);
    expect(address.bucket).toBe('research-data');
    expect(address.path).toBe('');
  });

  it('defaults the global host to us-east-1', () => {
    const address = parseS3(`s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.amazonaws.com/bucket-a`);

    expect(address.region).toBe('us-east-1');
    expect(address.endpoint).toBe('https://s3.amazonaws.com');
  });

  it('prefers an explicit region on the global host', () => {
    const address = parseS3(
      `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.amazonaws.com/bucket-a?region=ap-south-1`,
    );

    expect(address.region).toBe('ap-south-1');
  });

  it('accepts a raw + in the secret key', () => {
    const address = parseS3(`s3://${AWS_ACCESS_KEY}:abc+def@s3.us-east-2.amazonaws.com/bucket-a`);

    expect(address.secretAccessKey).toBe('abc+def');
  });
});

describe('parseStorageAddress on S3-compatible servers', () => {
  it('parses an endpoint with a port, tls=false and a sub-path', () => {
    const address = parseS3(
      `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data/team/alpha/?region=us-east-1&tls=false`,
    );

    expect(address.flavor).toBe('s3-compatible');
    expect(address.accessKeyId).toBe('minio');
    expect(address.secretAccessKey).toBe(MINIO_SECRET);
    expect(address.endpoint).toBe('http://127.0.0.1:8000');
    expect(address.region).toBe('us-east-1');
    expect(address.tls).toBe(false);
    expect(address.forcePathStyle).toBe(true);
    expect(address.bucket).toBe('data');
    expect(address.path).toBe('team/alpha');
  });

  it('defaults tls to true', () => {
    const address = parseS3(`s3://minio:secret@minio.local:9000/data?region=default`);

    expect(address.tls).toBe(true);
    expect(address.endpoint).toBe('https://minio.local:9000');
    expect(address.region).toBe('default');
  });

  it('parses a bracketed IPv6 endpoint', () => {
    const address = parseS3(`s3://minio:secret@[::1]:7480/data?region=us-east-1&tls=FALSE`);

    expect(address.endpoint).toBe('http://[::1]:7480');
    expect(address.tls).toBe(false);
  });

  it('normalises and decodes the sub-path', () => {
    const address = parseS3(`s3://minio:secret@127.0.0.1:8000/data//a//b%20c/?region=us-east-1`);

    expect(address.path).toBe('a/b c');
  });
});

describe('parseStorageAddress on CoreWeave', () => {
  it('parses the primary endpoint', () => {
    const address = parseS3(
      `cw://CWKEY123:${enc('cw/secret+1')}@cwobject.com/models?region=US-EAST-04A&tls=true`,
    );

    expect(address.flavor).toBe('coreweave');
    expect(address.secretAccessKey).toBe('cw/secret+1');
    expect(address.endpoint).toBe('https://cwobject.com');
    expect(address.region).toBe('US-EAST-04A');
    expect(address.tls).toBe(true);
    expect(address.forcePathStyle).toBe(false);
    expect(address.bucket).toBe('models');
  });

  it('uses plain HTTP for LOTA without tls', () => {
    const address = parseS3(`cw://CWKEY123:secret@cwlota.com/models/run-7?region=US-EAST-04A`);

    expect(address.tls).toBe(false);
    expect(address.endpoint).toBe('http://cwlota.com');
    expect(address.path).toBe('run-7');
  });

  it('returns the deployment marker for bare cw://', () => {
    const address = parseStorageAddress('  cw://  ');

    expect(address).toEqual({ provider: 's3', flavor: 'coreweave', fromDeployment: true });
    expect(describeStorageAddress(address)).toBe("cw:// (the deployment's CoreWeave bucket)");
  });
});

describe('parseStorageAddress on GCS', () => {
  it('decodes the email and PEM key', () => {
    const address = parseGcs(`gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY)}@research-bucket`);

    expect(address.clientEmail).toBe(SERVICE_ACCOUNT);
    expect(address.privateKey).toBe(GCS_PRIVATE_KEY);
    expect(address.bucket).toBe('research-bucket');
    expect(address.path).toBe('');
    expect(address.endpoint).toBe('https://storage.googleapis.com');
  });

  it('accepts an encoded email, sub-path and endpoint', () => {
    const address = parseGcs(
      `gs://${enc(SERVICE_ACCOUNT)}:${enc(GCS_PRIVATE_KEY)}@research-bucket/teams/vision/` +
        `?endpoint=${enc('http://127.0.0.1:4443/')}`,
    );

    expect(address.clientEmail).toBe(SERVICE_ACCOUNT);
    expect(address.path).toBe('teams/vision');
    expect(address.endpoint).toBe('http://127.0.0.1:4443');
  });
});

describe('parseStorageAddress on Azure', () => {
  it('uses the public endpoint by default', () => {
    const address = parseAzure(`az://:${enc(AZURITE_KEY)}@researchacct/datasets/raw`);

    expect(address.accountName).toBe('researchacct');
    expect(address.accountKey).toBe(AZURITE_KEY);
    expect(address.container).toBe('datasets');
    expect(address.path).toBe('raw');
    expect(address.endpoint).toBe('https://researchacct.blob.core.windows.net');
  });

  it('keeps an Azurite endpoint with the account path', () => {
    const endpoint = `http://127.0.0.1:10000/${AZURITE_ACCOUNT}`;
    const address = parseAzure(
      `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads?endpoint=${enc(endpoint)}`,
    );

    expect(address.endpoint).toBe(endpoint);
    expect(address.container).toBe('uploads');
  });

  it('appends the account to a bare Azurite endpoint', () => {
    const address = parseAzure(
      `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads?endpoint=http://127.0.0.1:10000`,
    );

    expect(address.endpoint).toBe(`http://127.0.0.1:10000/${AZURITE_ACCOUNT}`);
  });
});

describe('describeStorageAddress', () => {
  it('shortens the access key and hides the secret', () => {
    const text = `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@127.0.0.1:8000/bucket/sub?region=us-east-1`;
    const description = describeStorageAddress(parseStorageAddress(text));

    expect(description).toBe('s3://AKIA…@127.0.0.1:8000/bucket/sub (region us-east-1)');
  });

  it('marks plain HTTP and CoreWeave', () => {
    const description = describeStorageAddress(
      parseStorageAddress('cw://CWKEY123:secret@cwlota.com/models?region=US-EAST-04A'),
    );

    expect(description).toBe('cw://CWKE…@cwlota.com/models (region US-EAST-04A, no TLS)');
  });

  it('names GCS and Azure buckets only', () => {
    const gcs = describeStorageAddress(
      parseStorageAddress(`gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY)}@research-bucket`),
    );
    const azure = describeStorageAddress(
      parseStorageAddress(
        `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads/a?endpoint=http://127.0.0.1:10000`,
      ),
    );

    expect(gcs).toBe('gs://research-bucket');
    expect(azure).toBe(
      `az://${AZURITE_ACCOUNT}/uploads/a (endpoint http://127.0.0.1:10000/${AZURITE_ACCOUNT})`,
    );
  });
});

interface BadAddressCase {
  name: string;
  text: string;
  code: StorageAddressErrorCode;
  /** Text the message must contain: the problem and the fix. */
  mentions: string[];
  secrets: string[];
}

const BAD_ADDRESSES: BadAddressCase[] = [
  {
    name: 'S3-compatible without region',
    text: `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@minio.local:9000/data`,
    code: 'MISSING_REGION',
    mentions: [
      's3://AKIA…:****@minio.local:9000/data has no region',
      '?region=<region>, for example ?region=us-east-1',
    ],
    secrets: [AWS_SECRET, enc(AWS_SECRET)],
  },
  {
    name: 'CoreWeave without region',
    text: `cw://CWKEY123:${enc(MINIO_SECRET)}@cwobject.com/models`,
    code: 'MISSING_REGION',
    mentions: ['has no region', 'CoreWeave endpoints need ?region=<region>'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'AWS region that contradicts the host',
    text: `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.eu-west-1.amazonaws.com/bucket-a?region=us-east-1`,
    code: 'REGION_MISMATCH',
    mentions: ['eu-west-1'],
    secrets: [AWS_SECRET, enc(AWS_SECRET)],
  },
  {
    name: 'Azure key with raw base64 characters',
    text: `az://:${AZURITE_KEY}@${AZURITE_ACCOUNT}/uploads`,
    code: 'KEY_NOT_URL_ENCODED',
    mentions: [
      'az://:****@devstoreaccount1/uploads',
      "raw '/'",
      'URL-encode the key (encodeURIComponent)',
    ],
    secrets: [AZURITE_KEY, AZURITE_KEY.slice(0, 20), AZURITE_KEY.slice(-30)],
  },
  {
    name: 'Azure key with a raw + only',
    text: `az://:abcd+efg@${AZURITE_ACCOUNT}/uploads`,
    code: 'KEY_NOT_URL_ENCODED',
    mentions: ["raw '+'", 'encodeURIComponent'],
    secrets: ['abcd+efg'],
  },
  {
    name: 'GCS key as a raw PEM',
    text: `gs://${SERVICE_ACCOUNT}:${GCS_PRIVATE_KEY}@research-bucket`,
    code: 'KEY_NOT_URL_ENCODED',
    mentions: [
      `gs://${SERVICE_ACCOUNT}:****@research-bucket`,
      'URL-encode the key (encodeURIComponent)',
    ],
    secrets: [GCS_KEY_BODY, GCS_KEY_BODY.slice(0, 40), 'BEGIN PRIVATE KEY'],
  },
  {
    name: 'S3 secret with a raw slash',
    text: `s3://${AWS_ACCESS_KEY}:${AWS_SECRET}@s3.us-east-1.amazonaws.com/bucket-a`,
    code: 'KEY_NOT_URL_ENCODED',
    mentions: ["raw '/'", 's3://AKIA…:****@s3.us-east-1.amazonaws.com/bucket-a'],
    secrets: [AWS_SECRET, 'bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
  },
  {
    name: 'GCS key that is not a PEM',
    text: `gs://${SERVICE_ACCOUNT}:${enc('not-a-key-but-a-secret')}@research-bucket`,
    code: 'INVALID_PRIVATE_KEY',
    mentions: ['does not decode to a PEM private key', 'private_key field'],
    secrets: ['not-a-key-but-a-secret'],
  },
  {
    name: 'GCS key with literal \\n escapes',
    text: `gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY.replaceAll('\n', '\\n'))}@research-bucket`,
    code: 'INVALID_PRIVATE_KEY',
    mentions: ['literal \\n escapes'],
    secrets: [GCS_KEY_BODY.slice(0, 40), enc(GCS_KEY_BODY.slice(0, 40))],
  },
  {
    name: 'GCS key encoded twice',
    text: `gs://${SERVICE_ACCOUNT}:${enc(enc(GCS_PRIVATE_KEY))}@research-bucket`,
    code: 'INVALID_PRIVATE_KEY',
    mentions: ['not twice'],
    secrets: [GCS_KEY_BODY.slice(0, 40), enc(GCS_KEY_BODY.slice(0, 40))],
  },
  {
    name: 'https URL',
    text: `https://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.amazonaws.com/bucket-a`,
    code: 'UNKNOWN_SCHEME',
    mentions: ['unsupported scheme https://', 's3://', 'cw://', 'gs://', 'az://'],
    secrets: [AWS_SECRET, enc(AWS_SECRET)],
  },
  {
    name: 'address without scheme',
    text: `${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.amazonaws.com/bucket-a`,
    code: 'UNKNOWN_SCHEME',
    mentions: ['has no scheme'],
    secrets: [AWS_SECRET, enc(AWS_SECRET)],
  },
  {
    name: 'S3 address without bucket',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/?region=us-east-1`,
    code: 'MISSING_BUCKET',
    mentions: ['has no bucket'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'GCS address without bucket',
    text: `gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY)}@`,
    code: 'MISSING_BUCKET',
    mentions: ['has no bucket'],
    secrets: [GCS_KEY_BODY.slice(0, 40), enc(GCS_KEY_BODY.slice(0, 40))],
  },
  {
    name: 'Azure address without container',
    text: `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}`,
    code: 'MISSING_BUCKET',
    mentions: ['has no container'],
    secrets: [AZURITE_KEY, enc(AZURITE_KEY)],
  },
  {
    name: 'Azure address without account',
    text: `az://:${enc(AZURITE_KEY)}@`,
    code: 'MISSING_ACCOUNT',
    mentions: ['has no storage account'],
    secrets: [AZURITE_KEY, enc(AZURITE_KEY)],
  },
  {
    name: 'S3 address without credentials',
    text: 's3://127.0.0.1:8000/data?region=us-east-1',
    code: 'MISSING_CREDENTIALS',
    mentions: ['s3://127.0.0.1:8000/data?region=us-east-1 has no', 's3://<accessKey>:<secretKey>@'],
    secrets: [],
  },
  {
    name: 'CoreWeave address without credentials',
    text: 'cw://cwobject.com/models?region=US-EAST-04A',
    code: 'MISSING_CREDENTIALS',
    mentions: ['bare cw://'],
    secrets: [],
  },
  {
    name: 'GCS address without key',
    text: 'gs://research-bucket',
    code: 'MISSING_CREDENTIALS',
    mentions: ['gs://<serviceAccountEmail>:<urlEncodedPrivateKey>@<bucket>'],
    secrets: [],
  },
  {
    name: 'Azure key without colon',
    text: `az://${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads`,
    code: 'MISSING_CREDENTIALS',
    mentions: ['az://****@devstoreaccount1/uploads'],
    secrets: [enc(AZURITE_KEY), enc(AZURITE_KEY).slice(0, 4)],
  },
  {
    name: 'S3 endpoint with an http prefix',
    text: `s3://minio:${enc(MINIO_SECRET)}@http://127.0.0.1:8000/data?region=us-east-1`,
    code: 'INVALID_ENDPOINT',
    mentions: ['"http:"', '?tls=false'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'S3 endpoint port out of range',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:70000/data?region=us-east-1`,
    code: 'INVALID_ENDPOINT',
    mentions: ['port 70000', '1 to 65535'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'Azure endpoint that is not a URL',
    text: `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads?endpoint=127.0.0.1`,
    code: 'INVALID_ENDPOINT',
    mentions: ['not an absolute URL'],
    secrets: [AZURITE_KEY, enc(AZURITE_KEY)],
  },
  {
    name: 'Azure endpoint for another account',
    text: `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads?endpoint=http://127.0.0.1:10000/otheraccount`,
    code: 'INVALID_ENDPOINT',
    mentions: ['"/otheraccount"', 'end the endpoint with /devstoreaccount1'],
    secrets: [AZURITE_KEY, enc(AZURITE_KEY)],
  },
  {
    name: 'GCS endpoint with credentials',
    text: `gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY)}@research-bucket?endpoint=${enc('http://admin:hunter22@127.0.0.1:4443')}`,
    code: 'INVALID_ENDPOINT',
    mentions: ['carries credentials'],
    secrets: ['hunter22', GCS_KEY_BODY.slice(0, 40)],
  },
  {
    name: 'unknown option',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data?regoin=us-east-1`,
    code: 'INVALID_OPTION',
    mentions: ['"regoin"', '?region= and ?tls='],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'unknown option that carries a token',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data?region=us-east-1&token=tok-Secret-99`,
    code: 'INVALID_OPTION',
    mentions: ['&token=****', 'unknown option "token"'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET), 'tok-Secret-99'],
  },
  {
    name: 'key pasted after the query mark',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data?region=us-east-1&${AWS_SECRET.replaceAll('/', '')}`,
    code: 'INVALID_OPTION',
    mentions: ['&**** has the unknown option:'],
    secrets: [AWS_SECRET.replaceAll('/', '')],
  },
  {
    name: 'tls value that is not a boolean',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data?region=us-east-1&tls=yes`,
    code: 'INVALID_OPTION',
    mentions: ['tls="yes"', 'tls=false'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'dot-dot sub-path',
    text: `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data/../other?region=us-east-1`,
    code: 'INVALID_PATH',
    mentions: ['".."'],
    secrets: [MINIO_SECRET, enc(MINIO_SECRET)],
  },
  {
    name: 'AWS bucket name with upper case',
    text: `s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)}@s3.amazonaws.com/Research_Data`,
    code: 'INVALID_BUCKET',
    mentions: ['"Research_Data"', '3 to 63 lowercase'],
    secrets: [AWS_SECRET, enc(AWS_SECRET)],
  },
  {
    name: 'empty address',
    text: '   ',
    code: 'EMPTY_ADDRESS',
    mentions: ['(empty) is empty'],
    secrets: [],
  },
];

describe('parseStorageAddress errors', () => {
  it.each(BAD_ADDRESSES)('rejects $name', ({ text, code, mentions, secrets }) => {
    const error = catchAddressError(() => parseStorageAddress(text));

    expect(error.code).toBe(code);
    expect(error.message).not.toContain('\n');
    for (const mention of mentions) {
      expect(error.message).toContain(mention);
    }
    expectNoSecrets(error, secrets);
  });
});

describe('redactStorageAddress', () => {
  it('masks an address that does not parse', () => {
    const text = `az://:${AZURITE_KEY}@${AZURITE_ACCOUNT}`;

    expect(redactStorageAddress(text)).toBe(`az://:****@${AZURITE_ACCOUNT}`);
  });

  it('masks a raw PEM across line breaks', () => {
    const redacted = redactStorageAddress(
      `gs://${SERVICE_ACCOUNT}:${GCS_PRIVATE_KEY}@research-bucket`,
    );

    expect(redacted).toBe(`gs://${SERVICE_ACCOUNT}:****@research-bucket`);
  });

  it('masks every address in a log line', () => {
    const line =
      `upload to s3://${AWS_ACCESS_KEY}:${AWS_SECRET}@127.0.0.1:8000/data failed, ` +
      `falling back to az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads`;
    const redacted = redactStorageAddress(line);

    expect(redacted).toBe(
      'upload to s3://AKIA…:****@127.0.0.1:8000/data failed, ' +
        `falling back to az://:****@${AZURITE_ACCOUNT}/uploads`,
    );
  });

  it('leaves ports and prose alone', () => {
    const line =
      's3://minio.local:9000/data failed for bob@example.com; gs://research-bucket: timed out';

    expect(redactStorageAddress(line)).toBe(line);
  });

  it('masks a secret without an @ after it', () => {
    expect(redactStorageAddress(`s3://${AWS_ACCESS_KEY}:${enc(AWS_SECRET)} rejected`)).toBe(
      's3://AKIA…:**** rejected',
    );
  });

  it('masks query values other than region and tls', () => {
    const line =
      'GET http://127.0.0.1:8000/data/a.bin?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=f00dcafe ' +
      'for s3://minio:x@127.0.0.1:8000/data?region=us-east-1&tls=false';

    expect(redactStorageAddress(line)).toBe(
      'GET http://127.0.0.1:8000/data/a.bin?X-Amz-Credential=****&X-Amz-Signature=**** ' +
        'for s3://mini…:****@127.0.0.1:8000/data?region=us-east-1&tls=false',
    );
  });

  it('masks credentials in an endpoint option', () => {
    const raw = 'gs://research-bucket?endpoint=http://admin:hunter22@127.0.0.1:4443';
    const encoded = `gs://research-bucket?endpoint=${enc('http://admin:hunter22@127.0.0.1:4443')}`;

    expect(redactStorageAddress(raw)).not.toContain('hunter22');
    expect(redactStorageAddress(encoded)).not.toContain('hunter22');
    expect(redactStorageAddress(encoded)).toContain('127.0.0.1:4443');
  });
});

describe('parseStorageAddressList', () => {
  it('parses several stores of each kind', () => {
    const list = [
      `s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data?region=us-east-1&tls=false`,
      `gs://${SERVICE_ACCOUNT}:${enc(GCS_PRIVATE_KEY)}@research-bucket/team`,
      `az://:${enc(AZURITE_KEY)}@${AZURITE_ACCOUNT}/uploads?endpoint=http://127.0.0.1:10000`,
      'cw://',
    ].join(', ');

    const descriptions = parseStorageAddressList(list).map(describeStorageAddress);

    expect(descriptions).toEqual([
      's3://mini…@127.0.0.1:8000/data (region us-east-1, no TLS)',
      'gs://research-bucket/team',
      `az://${AZURITE_ACCOUNT}/uploads (endpoint http://127.0.0.1:10000/${AZURITE_ACCOUNT})`,
      "cw:// (the deployment's CoreWeave bucket)",
    ]);
  });

  it('keeps a raw comma inside an S3 secret', () => {
    const list = `s3://minio:abc,def@127.0.0.1:8000/data?region=us-east-1,cw://`;
    const [first, second] = parseStorageAddressList(list);

    expect(first).toMatchObject({ provider: 's3', secretAccessKey: 'abc,def', bucket: 'data' });
    expect(second).toMatchObject({ provider: 's3', fromDeployment: true });
  });

  it('ignores empty entries and trailing commas', () => {
    const list = ` cw:// ,, s3://minio:secret@127.0.0.1:8000/data?region=us-east-1 , `;

    expect(parseStorageAddressList(list)).toHaveLength(2);
    expect(parseStorageAddressList('')).toEqual([]);
  });

  it('names the failing entry without secrets', () => {
    const list = `cw://,s3://minio:${enc(MINIO_SECRET)}@127.0.0.1:8000/data`;
    const error = catchAddressError(() => parseStorageAddressList(list));

    expect(error.code).toBe('MISSING_REGION');
    expect(error.message).toMatch(
      /^Entry 2 of 2 in the storage address list: Storage address s3:\/\/mini…:\*\*\*\*@/,
    );
    expectNoSecrets(error, [MINIO_SECRET, enc(MINIO_SECRET)]);
  });
});
