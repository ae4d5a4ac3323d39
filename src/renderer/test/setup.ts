// Testing Library unmounts after each test only where the runner has global
// afterEach; vitest's globals are off here, so say it once for every DOM test.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

afterEach(() => cleanup());
