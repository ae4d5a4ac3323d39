/**
 * The UNIX section of macOS `netstat -a`, written from the captured layout (fixtures/macos/netstat--jc--1.txt):
 * a connected pair (peers by kernel address), a stream listener at a path with a space, a bound datagram socket.
 * For the parser's tests and the macOS UNIX socket collector's. Test data only: the mutation runs leave *.fixtures.ts out.
 */
export const NETSTAT_UNIX_LINES: readonly string[] = [
  'Active LOCAL (UNIX) domain sockets',
  'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
  '7fb03cb94a63a7cd stream      1      0                0 7fb03cb94a63cedd                0                0',
  '7fb03cb94a63cedd stream      0      0                0 7fb03cb94a63a7cd                0                0',
  '7fb03cb94a63b065 stream      0      0 7fb03cb94a63f0a1                0                0                0 /var/run/my app.sock',
  '7fb03cb94a63b1c3 dgram       0      0 7fb03cb94a63f1b2                0                0                0 /var/run/syslog',
];
