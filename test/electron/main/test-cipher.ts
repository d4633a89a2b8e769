// The SecretCipher of the tests: AES-256-GCM with a key that lives only in this process, the
// way safeStorage's key lives in the OS key store. `available: false` acts like Linux without
// a keyring.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { SecretCipher } from '../../../electron/main/storage/credentials';

export class TestCipher implements SecretCipher {
  private readonly key = randomBytes(32);

  constructor(private readonly available = true) {}

  isAvailable(): boolean {
    return this.available;
  }

  encrypt(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(cipherText: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, cipherText.subarray(0, 12));
    decipher.setAuthTag(cipherText.subarray(12, 28));
    return Buffer.concat([decipher.update(cipherText.subarray(28)), decipher.final()]).toString(
      'utf8',
    );
  }
}
