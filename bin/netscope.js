#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by `npm run build` into out/cli.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'out', 'cli', 'index.js');
if (!existsSync(entry)) {
  process.stderr.write('netscope: not built yet; run `npm run build` first\n');
  process.exit(2);
}
require(entry);
