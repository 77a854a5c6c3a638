import { BlockList, isIP } from 'node:net';

/**
 * The networks a route may be called from (ADMIN_ALLOWED_CIDRS, METRICS_ALLOWED_NETWORKS), as
 * Node's BlockList. Entries are CIDRs or single addresses, IPv4 or IPv6. Throws on an entry it
 * cannot read, naming the variable.
 */
export function parseAllowedNetworks(
  value: string | undefined,
  variable = 'ADMIN_ALLOWED_CIDRS',
): BlockList | undefined {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;

  const networks = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`${variable}: "${entry}" is not an IPv4 or IPv6 address or CIDR`);
    }
    networks.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return networks;
}

/** Whether a client address is in the networks; an IPv4-mapped IPv6 address counts as IPv4. */
export function isAllowed(networks: BlockList, clientAddress: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(clientAddress);
  const address = mapped ? mapped[1] : clientAddress;
  const family = isIP(address);
  return family !== 0 && networks.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
