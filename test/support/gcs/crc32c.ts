// CRC32C (Castagnoli polynomial, reflected form 0x82F63B78), the checksum that Cloud Storage
// reports in `x-goog-hash: crc32c=<base64>`. GCS encodes the 32-bit value big-endian before
// base64, so "123456789" (the standard check input, CRC 0xE3069283) becomes "4waSgw==".

const POLYNOMIAL = 0x82f63b78;

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) {
      c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
}

/** Incremental CRC32C, fed chunk by chunk so large bodies never sit in memory. */
export class Crc32c {
  private state = 0xffffffff;

  update(chunk: Uint8Array): this {
    let c = this.state;
    for (let i = 0; i < chunk.length; i++) {
      c = TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
    }
    this.state = c;
    return this;
  }

  value(): number {
    return (this.state ^ 0xffffffff) >>> 0;
  }

  /** Returns the checksum as GCS writes it: 4 bytes big-endian, base64. */
  toBase64(): string {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(this.value());
    return bytes.toString('base64');
  }
}

export function crc32cBase64(data: Uint8Array): string {
  return new Crc32c().update(data).toBase64();
}
