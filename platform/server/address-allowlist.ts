import ipaddr from 'ipaddr.js';

import { badInput } from '../core/errors';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses one CIDR range, or a bare address as a range of one address (/32 or /128). */
function parseRange(text: string, option: string): Range {
  const [address = '', bits, ...rest] = text.split('/');
  const invalid = () =>
    badInput(
      `Invalid ${option} entry "${text}": give IPv4 or IPv6 CIDR ranges separated by commas, e.g. 127.0.0.1/32,10.0.0.0/8,::1/128.`,
    );
  if (rest.length > 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw invalid();
  const outOfRange = (prefix: number) =>
    badInput(
      `Invalid ${option} entry "${text}": prefix length ${prefix} is out of range: IPv4 allows 0–32, IPv6 0–128.`,
    );

  // ipaddr.js also accepts IPv4 forms such as "127.1" or hex octets; allowlists take only
  // the four-part decimal form, so a typo cannot widen a range.
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    const prefix = bits === undefined ? 32 : Number(bits);
    if (prefix > 32) throw outOfRange(prefix);
    return [ipaddr.IPv4.parse(address), prefix];
  }
  if (ipaddr.IPv6.isValid(address)) {
    const prefix = bits === undefined ? 128 : Number(bits);
    if (prefix > 128) throw outOfRange(prefix);
    return [ipaddr.IPv6.parse(address), prefix];
  }
  throw invalid();
}

/** A list of IPv4 and IPv6 CIDR ranges that source addresses are checked against. */
export class AddressAllowList {
  private constructor(private readonly ranges: readonly Range[]) {}

  /**
   * Parses ranges given as one comma-separated string or a list of strings.
   * `option` names the setting in error messages, e.g. `--allow-ip`.
   */
  static parse(entries: string | readonly string[], option: string): AddressAllowList {
    const texts = (typeof entries === 'string' ? [entries] : entries)
      .flatMap((entry) => entry.split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (texts.length === 0) {
      throw badInput(
        `Empty ${option} list: give at least one CIDR range, e.g. 127.0.0.1/32, or leave the option out to admit every address.`,
      );
    }
    return new AddressAllowList(texts.map((text) => parseRange(text, option)));
  }

  /** True when `address` (as a socket reports it) lies in one of the ranges. */
  allows(address: string | undefined): boolean {
    if (!address || !ipaddr.isValid(address)) return false;

    // process() turns an IPv4-mapped IPv6 address (::ffff:10.1.2.3, as a dual-stack socket
    // reports IPv4 peers) into the IPv4 address, so IPv4 ranges match it.
    const source = ipaddr.process(address);
    return this.ranges.some(([range, bits]) => {
      if (source.kind() === range.kind()) return source.match(range, bits);
      // An IPv6 range written in IPv4-mapped form (::ffff:10.0.0.0/104) still admits IPv4 peers.
      if (source instanceof ipaddr.IPv4 && range.kind() === 'ipv6') {
        return source.toIPv4MappedAddress().match(range, bits);
      }
      return false;
    });
  }

  /** The ranges in normalised CIDR form, for the startup log. */
  toString(): string {
    return this.ranges.map(([range, bits]) => `${range.toString()}/${bits}`).join(',');
  }
}
