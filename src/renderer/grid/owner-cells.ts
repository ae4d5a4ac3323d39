/**
 * What a socket without an owner means in the snapshot shown (shared/ownerless.ts), handed to the rows by the grid.
 * WHY a context, as TrafficAbsentContext: rows are memoized and render without the store in tests; the meaning
 * changes rarely (a switch to root, an opened file).
 */
import { createContext } from 'react';
import type { OwnerlessMeaning } from '../../shared/model';

export const OwnerlessContext = createContext<OwnerlessMeaning | null>(null);
