/** The CLI's CSV has the one column list and order the app's export uses (src/shared/columns.ts). */
import { describe, expect, it } from 'vitest';
import { CONNECTION_COLUMNS } from '../src/shared/columns';
import { blankConnection } from '../src/shared/model';
import { connectionsCsvTable } from '../src/main/cli/views';

describe('netscope --csv columns', () => {
  it('are the shared list, in its order: ...State,Service,PID,Process,User,Path...', () => {
    const { header, rows } = connectionsCsvTable([
      blankConnection({
        protocol: 'udp',
        family: 6,
        localAddress: '::',
        localPort: 53,
        remoteAddress: '::',
        remotePort: 0,
        state: 'NONE',
      }),
    ]);
    expect(header).toEqual(CONNECTION_COLUMNS.map((c) => c.title));
    expect(header.slice(5, 11)).toEqual(['State', 'Service', 'PID', 'Process', 'User', 'Path']);
    expect(rows[0]?.slice(3, 5)).toEqual(['*', '*']);
  });
});
