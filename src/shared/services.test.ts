import { describe, it, expect } from 'vitest';
import { SERVICE_PORT_COUNT, connectionService, serviceName } from './services';

describe('serviceName', () => {
  it('knows the common ports', () => {
    expect(serviceName(22)).toBe('ssh');
    expect(serviceName(443)).toBe('https');
    expect(serviceName(53, 'udp')).toBe('domain');
    expect(serviceName(5432)).toBe('postgresql');
    expect(serviceName(3389)).toBe('ms-wbt-server');
  });

  it('uses the protocol-specific name where TCP and UDP differ', () => {
    expect(serviceName(514, 'tcp')).toBe('shell');
    expect(serviceName(514, 'udp')).toBe('syslog');
    expect(serviceName(512, 'udp')).toBe('biff');
  });

  it('returns null for unknown, zero and invalid ports', () => {
    expect(serviceName(0)).toBeNull();
    expect(serviceName(49152)).toBeNull();
    expect(serviceName(-1)).toBeNull();
    expect(serviceName(Number.NaN)).toBeNull();
    expect(serviceName(1.5)).toBeNull();
  });

  it('covers about 300 ports', () => {
    expect(SERVICE_PORT_COUNT).toBeGreaterThanOrEqual(280);
  });
});

describe('connectionService', () => {
  it('names the server side of a connection', () => {
    expect(connectionService({ protocol: 'tcp', localPort: 51234, remotePort: 443 })).toBe('https');
    expect(connectionService({ protocol: 'tcp', localPort: 22, remotePort: 0 })).toBe('ssh');
    expect(connectionService({ protocol: 'tcp', localPort: 22, remotePort: 55000 })).toBe('ssh');
  });

  it('prefers the lower port when both sides have names', () => {
    // A client on port 8080 (http-proxy) talking to a server's 80.
    expect(connectionService({ protocol: 'tcp', localPort: 8080, remotePort: 80 })).toBe('http');
    expect(connectionService({ protocol: 'tcp', localPort: 80, remotePort: 8080 })).toBe('http');
  });

  it('is empty when neither side is known', () => {
    expect(connectionService({ protocol: 'udp', localPort: 40000, remotePort: 0 })).toBe('');
  });
});

describe('service tables', () => {
  it('tell TCP from UDP, and fall back to the common table for raw', () => {
    expect(serviceName(514, 'raw')).toBe(serviceName(514));
    expect(serviceName(443, 'udp')).toBe('https');
    expect(serviceName(3544, 'udp')).toBe('teredo');
    expect(serviceName(3544, 'tcp')).toBe(serviceName(3544, 'raw'));
    expect(serviceName(1)).not.toBe('');
    expect(serviceName(60000)).toBe('mosh');
  });

  it('name a connection by its lower named port', () => {
    expect(connectionService({ protocol: 'tcp', localPort: 22, remotePort: 443 })).toBe('ssh');
    expect(connectionService({ protocol: 'tcp', localPort: 443, remotePort: 22 })).toBe('ssh');
    expect(connectionService({ protocol: 'tcp', localPort: 50123, remotePort: 443 })).toBe('https');
    expect(connectionService({ protocol: 'tcp', localPort: 50123, remotePort: 50124 })).toBe('');
  });
});

describe('UDP names and the ports either side', () => {
  it('a UDP connection takes the UDP name of its low port; TCP and raw the common one', () => {
    expect(connectionService({ protocol: 'udp', localPort: 514, remotePort: 50000 })).toBe('syslog');
    expect(connectionService({ protocol: 'udp', localPort: 50000, remotePort: 520 })).toBe('router');
    expect(connectionService({ protocol: 'tcp', localPort: 50000, remotePort: 520 })).toBe('efs');
    expect(connectionService({ protocol: 'raw', localPort: 513, remotePort: 0 })).toBe('login');
    expect(serviceName(513, 'udp')).toBe('who');
  });

  it('when the low port has no name the high one speaks; ports 0 and 65535 have none', () => {
    expect(connectionService({ protocol: 'tcp', localPort: 1024, remotePort: 3306 })).toBe('mysql');
    expect(connectionService({ protocol: 'tcp', localPort: 3306, remotePort: 1024 })).toBe('mysql');
    expect(connectionService({ protocol: 'tcp', localPort: 0, remotePort: 0 })).toBe('');
    expect(serviceName(65535)).toBeNull();
  });
});
