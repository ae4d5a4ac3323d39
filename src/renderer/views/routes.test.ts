/** A route's flag letters in words, as net-tools names them for each family. */
import { describe, expect, it } from 'vitest';
import { describeRouteFlags } from './routes';

describe('describeRouteFlags', () => {
  it("reads IPv6's lower-case letters and its own D (route -6n's '!n', 'Un', 'UGDAe')", () => {
    expect(describeRouteFlags('!n', 6)).toBe('! reject, n no next hop');
    expect(describeRouteFlags('Un', 6)).toBe('U up, n no next hop');
    expect(describeRouteFlags('UGDAe', 6)).toBe(
      'U up, G gateway, D default (router advertisement), A autoconfigured, e expires',
    );
  });

  it("reads IPv4's D as a redirect's dynamic route", () => {
    expect(describeRouteFlags('UGHD', 4)).toBe('U up, G gateway, H host, D dynamic (redirect)');
  });

  it('keeps letters it does not know as they are', () => {
    expect(describeRouteFlags('UZc', 4)).toBe('U up, Z, c');
    expect(describeRouteFlags('', 4)).toBe('');
  });
});
