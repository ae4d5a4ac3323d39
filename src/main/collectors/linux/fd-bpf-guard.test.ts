/** When the BPF fd reader may load its program: the user's switch, a seccomp filter, the capabilities. */
import { describe, expect, it } from 'vitest';
import { fdBpfRefusal } from './fd-bpf-guard';

const fdBpfAllowed = (text: string, env: Record<string, string>): boolean => fdBpfRefusal(text, env) === null;

const status = (seccomp: string | null, capEff: string): string =>
  [
    'Name:\tnode',
    'Uid:\t0\t0\t0\t0',
    `CapEff:\t${capEff}`,
    'NoNewPrivs:\t0',
    ...(seccomp === null ? [] : [`Seccomp:\t${seccomp}`, 'Seccomp_filters:\t1']),
    'Cpus_allowed:\t3',
  ].join('\n');

const ROOT = '000001ffffffffff';
const NOBODY = '0000000000000000';
/** CAP_BPF (39) and CAP_PERFMON (38) only. */
const BPF_AND_PERFMON = (2n ** 39n + 2n ** 38n).toString(16).padStart(16, '0');

describe('fdBpfRefusal: may it load', () => {
  it('root without a seccomp filter: yes; NETSCOPE_FD_BPF=0: no', () => {
    expect(fdBpfAllowed(status('0', ROOT), {})).toBe(true);
    expect(fdBpfAllowed(status(null, ROOT), {})).toBe(true);
    expect(fdBpfAllowed(status('0', ROOT), { NETSCOPE_FD_BPF: '0' })).toBe(false);
  });

  it('under a seccomp filter (bpf() may kill the process): no, unless NETSCOPE_FD_BPF=1', () => {
    expect(fdBpfAllowed(status('2', ROOT), {})).toBe(false);
    expect(fdBpfAllowed(status('1', ROOT), {})).toBe(false);
    expect(fdBpfAllowed(status('2', ROOT), { NETSCOPE_FD_BPF: '1' })).toBe(true);
  });

  it('capabilities: CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON; none, one of the two, or no CapEff line: no', () => {
    expect(fdBpfAllowed(status('0', NOBODY), {})).toBe(false);
    expect(fdBpfAllowed(status('0', BPF_AND_PERFMON), {})).toBe(true);
    expect(fdBpfAllowed(status('0', (2n ** 39n).toString(16)), {})).toBe(false);
    expect(fdBpfAllowed(status('0', (2n ** 21n).toString(16)), {})).toBe(true);
    expect(fdBpfAllowed('Name:\tnode\nSeccomp:\t0\n', {})).toBe(false);
    expect(fdBpfAllowed('garbage', {})).toBe(false);
  });
});

describe('fdBpfRefusal (the status line says why the reader is off)', () => {
  it('names the switch, the seccomp filter or the missing capabilities; null where it may load', () => {
    expect(fdBpfRefusal(status('0', ROOT), {})).toBeNull();
    expect(fdBpfRefusal(status('0', ROOT), { NETSCOPE_FD_BPF: '0' })).toBe('turned off (NETSCOPE_FD_BPF=0)');
    expect(fdBpfRefusal(status('2', ROOT), {})).toMatch(/^a seccomp filter .*NETSCOPE_FD_BPF=1/);
    expect(fdBpfRefusal(status('0', NOBODY), {})).toBe('needs CAP_BPF and CAP_PERFMON (or root)');
    expect(fdBpfRefusal('garbage', {})).toBe('no capabilities in /proc/self/status');
  });
});
