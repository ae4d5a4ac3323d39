// The headers live in src/shared/security-headers.ts (the Electron adapter sends them too and imports nothing from serve).
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../shared/security-headers';
