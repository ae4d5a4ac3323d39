/** Electron main-process entry (bundled to out/main/index.js). */
import { createBackend } from '../engine/backend';
import { startApp } from './app';

startApp(createBackend, { mainDir: __dirname });
