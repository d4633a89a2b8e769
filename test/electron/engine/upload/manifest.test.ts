import { describe, expect, it } from 'vitest';

import { artifactDigest, buildManifest } from '../../../../electron/engine/upload/manifest';
import { manifestDigest, parseManifest } from '../../../../platform/artifacts/manifest';

// Paths whose UTF-16 order differs from their code-point order: U+FF21 sorts before U+1F600
// in UTF-16 units but after it by code point.
const ENTRIES = [
  {
    logicalPath: '\uff21.txt',
    md5Base64: '1B2M2Y8AsgTpgAmY7PhCfg==',
    size: 0,
    birthArtifactId: 'QXJ0aWZhY3Q6MQ==',
  },
  {
    logicalPath: '\u{1F600}.txt',
    md5Base64: 'CY9rzUYh03PK3k6DJie09g==',
    size: 4,
    birthArtifactId: null,
  },
  {
    logicalPath: 'a/b c.txt',
    md5Base64: 'XUFAKrxLKna5cZ2REBfFkg==',
    size: 5,
    birthArtifactId: 'QXJ0aWZhY3Q6MQ==',
  },
];

describe('artifact manifest', () => {
  it('gives the digest the platform computes', () => {
    const contents = Object.fromEntries(
      ENTRIES.map((e) => [e.logicalPath, { digest: e.md5Base64 }]),
    );
    expect(artifactDigest(ENTRIES)).toBe(manifestDigest(contents));
  });

  it('orders entries by code point', () => {
    const manifest = JSON.parse(buildManifest(ENTRIES).toString('utf8')) as { contents: object };
    expect(Object.keys(manifest.contents)).toEqual(['a/b c.txt', '\uff21.txt', '\u{1F600}.txt']);
  });

  it('writes a manifest the platform parses', () => {
    const parsed = parseManifest(buildManifest(ENTRIES));
    expect(parsed.storagePolicy).toBe('wandb-storage-policy-v1');
    expect(parsed.storagePolicyConfig).toEqual({ storageLayout: 'V2' });
    expect(parsed.contents['a/b c.txt']).toEqual({
      digest: 'XUFAKrxLKna5cZ2REBfFkg==',
      size: 5,
      birthArtifactID: 'QXJ0aWZhY3Q6MQ==',
    });
    expect(parsed.contents['\u{1F600}.txt']).toEqual({
      digest: 'CY9rzUYh03PK3k6DJie09g==',
      size: 4,
    });
  });
});
