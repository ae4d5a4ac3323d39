/**
 * The elevated half of per-connection traffic: switching EStats collection on (SetPerTcpConnectionEStats, which
 * only an administrator may call) for every open TCP connection that can carry data, run inside the one elevated
 * command the user asked for ("Resolve owners as administrator", --elevate; elevation.ts). Collection stays on
 * for each connection's life, so the unelevated app reads the counters afterwards (estats.ts). Connections
 * opened later have none until the next elevation, or until NetScope itself runs elevated.
 * Windows PowerShell 5.1 compiles the P/Invoke class with Add-Type (the .NET Framework ships the compiler); the
 * script goes in as -EncodedCommand (UTF-16LE, base64), so no quoting through cmd.exe and Start-Process.
 */

/** MIB_TCPTABLE / MIB_TCP6TABLE rows are the MIB_TCPROW / MIB_TCP6ROW the Set calls take, as they are. */
export const ENABLE_ESTATS_SCRIPT = `$ErrorActionPreference = 'Stop'
Add-Type -Namespace NetScope -Name EStats -MemberDefinition @'
[DllImport("iphlpapi.dll")] public static extern uint GetTcpTable(byte[] table, ref uint size, bool order);
[DllImport("iphlpapi.dll")] public static extern uint GetTcp6Table(byte[] table, ref uint size, bool order);
[DllImport("iphlpapi.dll")] public static extern uint SetPerTcpConnectionEStats(byte[] row, int type, byte[] rw, uint version, uint size, uint offset);
[DllImport("iphlpapi.dll")] public static extern uint SetPerTcp6ConnectionEStats(byte[] row, int type, byte[] rw, uint version, uint size, uint offset);
public static int EnableAll() {
  int enabled = 0;
  for (int v6 = 0; v6 < 2; v6++) {
    int rowSize = v6 == 0 ? 20 : 52;
    uint size = 0;
    if (v6 == 0) GetTcpTable(null, ref size, false); else GetTcp6Table(null, ref size, false);
    byte[] table = new byte[size + 65536];
    size = (uint)table.Length;
    uint status = v6 == 0 ? GetTcpTable(table, ref size, false) : GetTcp6Table(table, ref size, false);
    if (status != 0) continue;
    uint count = BitConverter.ToUInt32(table, 0);
    for (int i = 0; i < count && 4 + (i + 1) * rowSize <= table.Length; i++) {
      byte[] row = new byte[rowSize];
      Array.Copy(table, 4 + i * rowSize, row, 0, rowSize);
      uint state = BitConverter.ToUInt32(row, 0);
      if (state < 3 || state > 10) continue;
      uint data = 1;
      foreach (int type in new int[] { 1, 3 }) {
        byte[] rw = new byte[] { 1 };
        uint result = v6 == 0 ? SetPerTcpConnectionEStats(row, type, rw, 0, 1, 0) : SetPerTcp6ConnectionEStats(row, type, rw, 0, 1, 0);
        if (type == 1) data = result;
      }
      if (data == 0) enabled++;
    }
  }
  return enabled;
}
'@
[NetScope.EStats]::EnableAll()`;

/** The script as PowerShell's -EncodedCommand takes it: base64 of its UTF-16LE bytes. */
export function encodedEnableScript(): string {
  return Buffer.from(ENABLE_ESTATS_SCRIPT, 'utf16le').toString('base64');
}

/** What the script printed (the number of connections switched on); null when it printed no number. */
export function parseEnabledCount(text: string): number | null {
  const match = /^\s*(\d+)\s*$/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}
