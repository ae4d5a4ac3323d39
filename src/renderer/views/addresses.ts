// Address parsing and arithmetic live in src/shared/addresses.ts (one implementation, with ipaddr.js).
export {
  addressFamily,
  bareAddress,
  canonicalAddress,
  formatIPv4,
  formatIPv6,
  isUnspecifiedAddress,
  parseIPv4,
  parseIPv6,
  prefixContains,
  subnetKey,
} from '../../shared/addresses';
