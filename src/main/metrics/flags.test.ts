import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type ServeCommand } from '../cli/args';
import { DEFAULT_METRICS_PORT } from './flags';

describe('exporter and serve --metrics flags', () => {
  it('netscope exporter has documented defaults', () => {
    const cmd = parseArgs(['exporter']);
    expect(cmd).toMatchObject({
      kind: 'exporter',
      intervalMs: 5000,
      metrics: {
        host: '127.0.0.1',
        port: DEFAULT_METRICS_PORT,
        tokenFile: null,
        limits: { top: 50, maxListeners: 500 },
      },
    });
  });

  it('takes the limits, the token file, hosts and DoS thresholds', () => {
    const cmd = parseArgs([
      'exporter',
      '--port',
      '0',
      '--interval',
      '2',
      '--metrics-top',
      '10',
      '--metrics-max-listeners',
      '20',
      '--metrics-token-file',
      '/etc/netscope/token',
      '--metrics-allow-host',
      'Node7.example',
      '--dos-syn-recv',
      '500',
      '--dos-share',
      '0.8',
      '--dos-min-connections',
      '20',
    ]);
    expect(cmd).toMatchObject({
      kind: 'exporter',
      intervalMs: 2000,
      metrics: {
        port: 0,
        tokenFile: '/etc/netscope/token',
        allowedHosts: ['node7.example'],
        limits: { top: 10, maxListeners: 20 },
        dos: { synRecv: 500, share: 0.8, minConnections: 20 },
      },
    });
  });

  it('serve: metrics are off by default, on with --metrics or any --metrics-* flag', () => {
    expect((parseArgs(['serve']) as ServeCommand).metrics).toBeNull();
    expect((parseArgs(['serve', '--metrics']) as ServeCommand).metrics?.port).toBe(DEFAULT_METRICS_PORT);
    const cmd = parseArgs(['serve', '--metrics-port', '9000', '--metrics-top', '5', '--port', '0']) as ServeCommand;
    expect(cmd.port).toBe(0);
    expect(cmd.metrics).toMatchObject({ port: 9000, limits: { top: 5 } });
  });

  it('refuses a token on the command line and bad values, with a usage error', () => {
    for (const argv of [
      ['exporter', '--metrics-token', 'abcdefghijklmnopqrstuvwxyz'],
      ['exporter', '--token', 'abcdefghijklmnopqrstuvwxyz'],
      ['serve', '--metrics-token', 'abcdefghijklmnopqrstuvwxyz'],
      ['exporter', '--metrics-top', '0'],
      ['exporter', '--metrics-top', 'many'],
      ['exporter', '--dos-share', '1.5'],
      ['exporter', '--port', '70000'],
      ['exporter', '--metrics-token-file'],
      ['exporter', '--bogus'],
      ['serve', '--metrics-bogus', '1'],
    ]) {
      expect(() => parseArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
    expect(() => parseArgs(['exporter', '--metrics-token', 'abcdefghijklmnopqrstuvwxyz'])).toThrow(
      /visible to every user/,
    );
  });
});
