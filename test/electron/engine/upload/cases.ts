// File sets that every provider must store byte for byte: edge sizes around the part size and
// names that need escaping in URLs or differ only in Unicode normalisation.

import { randomBytes } from 'node:crypto';

import { MiB } from './fixture';

/** Logical path → content; sizes assume 5 MiB parts with a 6 MiB multipart threshold. */
export function edgeCaseFiles(smallFileCount: number): Record<string, Buffer> {
  const cafe = 'caf\u00e9';
  const files: Record<string, Buffer> = {
    'exact-part.bin': randomBytes(5 * MiB),
    'one-over-part.bin': randomBytes(5 * MiB + 1),
    'empty.bin': Buffer.alloc(0),
    'forty.bin': randomBytes(40 * MiB),
    'with space.txt': randomBytes(100),
    'plus+sign.txt': randomBytes(101),
    'percent%20sign.txt': randomBytes(102),
    'hash#mark.txt': randomBytes(103),
    'question?mark.txt': randomBytes(104),
    // The same word in NFC (one code point for é) and NFD (e + combining accent).
    [`${cafe.normalize('NFC')}-nfc.txt`]: randomBytes(105),
    [`${cafe.normalize('NFD')}-nfd.txt`]: randomBytes(106),
  };
  for (let i = 0; i < smallFileCount; i++) {
    files[`many/file-${String(i).padStart(4, '0')}.txt`] = randomBytes(1 + (i % 700));
  }
  return files;
}
