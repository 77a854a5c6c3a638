import { isAllowed, parseAllowedNetworks } from './allowed-networks.js';

describe('admin networks', () => {
  const networks = parseAllowedNetworks(' 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,::1 ')!;

  it.each(['10.1.2.3', '192.0.2.7', '::ffff:10.9.9.9', '2001:db8::1', '::1'])(
    'lets %s in',
    (ip) => {
      expect(isAllowed(networks, ip)).toBe(true);
    },
  );

  it.each(['11.0.0.1', '192.0.2.8', '2001:db9::1', '::ffff:192.0.2.8', 'not-an-ip', ''])(
    'keeps %p out',
    (ip) => {
      expect(isAllowed(networks, ip)).toBe(false);
    },
  );

  it('is off when unset or empty', () => {
    expect(parseAllowedNetworks(undefined)).toBeUndefined();
    expect(parseAllowedNetworks(' , ')).toBeUndefined();
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', 'example.com', '10.0.0/8', '10.0.0.0/x'])(
    'refuses %p, naming it',
    (entry) => {
      expect(() => parseAllowedNetworks(entry)).toThrow(`"${entry}" is not an IPv4 or IPv6`);
    },
  );

  it('names the variable it reads', () => {
    expect(() => parseAllowedNetworks('10.0.0.0/8, nope', 'METRICS_ALLOWED_NETWORKS')).toThrow(
      'METRICS_ALLOWED_NETWORKS: "nope"',
    );
    expect(() => parseAllowedNetworks('nope')).toThrow('ADMIN_ALLOWED_CIDRS: "nope"');
  });
});
