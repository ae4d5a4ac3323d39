/**
 * Whether the BPF fd reader (fd-bpf.ts) may try to load its program in this process, from /proc/self/status and
 * the environment, before anything else is read or called. Pure, so that it is tested on status texts.
 *
 * WHY each rule:
 * - NETSCOPE_FD_BPF=0 turns it off: the user's word.
 * - A seccomp filter (Seccomp: 2, as systemd's SystemCallFilter= or a container runtime installs) may answer bpf()
 *   by killing the process (SIGSYS, systemd's default action) rather than with an errno: one call could end
 *   NetScope. Off there, unless NETSCOPE_FD_BPF=1 says the filter allows it.
 * - Without CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN) the load fails: no 5 MB BTF read for nothing.
 */
const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

/** Why the reader may not load here (the status bar's owners line says it), or null where it may. */
export function fdBpfRefusal(status: string, env: Readonly<Record<string, string | undefined>>): string | null {
  const asked = env.NETSCOPE_FD_BPF;
  if (asked === '0') return 'turned off (NETSCOPE_FD_BPF=0)';
  const seccomp = /^Seccomp:\s*(\d+)\s*$/m.exec(status)?.[1];
  if (seccomp !== undefined && seccomp !== '0' && asked !== '1')
    return 'a seccomp filter may kill the process on bpf() (NETSCOPE_FD_BPF=1 if it allows it)';
  const capEff = /^CapEff:\s*([0-9a-fA-F]{1,16})\s*$/m.exec(status)?.[1];
  if (capEff === undefined) return 'no capabilities in /proc/self/status';
  const caps = BigInt(`0x${capEff}`);
  const has = (cap: bigint): boolean => ((caps >> cap) & 1n) === 1n;
  return has(CAP_SYS_ADMIN) || (has(CAP_BPF) && has(CAP_PERFMON)) ? null : 'needs CAP_BPF and CAP_PERFMON (or root)';
}
