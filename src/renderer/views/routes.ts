/**
 * Routing table helpers for the view: text matching. Default routes and the
 * lookup (what the kernel would pick) live in src/shared/route-lookup.ts,
 * where the engine's tests check them against `ip route get`.
 */
import type { Route } from '../../shared/model';

export {
  activeDefaultRoutes,
  describeLookup,
  isDefaultRoute,
  isRejectRoute,
  lookupRoute,
} from '../../shared/route-lookup';

export function routeMatchesText(route: Route, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [
    route.destination,
    `${route.destination}/${route.prefixLength}`,
    route.gateway ?? 'on-link',
    route.interface,
    route.flags,
    route.table ?? '',
    route.type ?? '',
  ].some((field) => field.toLowerCase().includes(q));
}

/** net-tools' route flag letters (lib/inet_gr.c, inet6_gr.c); IPv6 has its own lower-case ones and another D. */
const FLAG_WORDS_V4: Readonly<Record<string, string>> = {
  U: 'up',
  G: 'gateway',
  H: 'host',
  R: 'reinstate',
  D: 'dynamic (redirect)',
  M: 'modified (redirect)',
  '!': 'reject',
  S: 'stored, not active',
};
const FLAG_WORDS_V6: Readonly<Record<string, string>> = {
  ...FLAG_WORDS_V4,
  D: 'default (router advertisement)',
  A: 'autoconfigured',
  C: 'cached',
  a: 'all on-link',
  e: 'expires',
  m: 'modified',
  n: 'no next hop',
};

/**
 * "!n" -> "! reject, n no next hop": the letters of one route in words, as its cell's tooltip. Letters this table
 * does not know (another system's) are listed as they are rather than guessed.
 */
export function describeRouteFlags(flags: string, family: 4 | 6): string {
  const words = family === 6 ? FLAG_WORDS_V6 : FLAG_WORDS_V4;
  return [...flags]
    .map((letter) => {
      const word = Object.prototype.hasOwnProperty.call(words, letter) ? words[letter] : undefined;
      return word ? `${letter} ${word}` : letter;
    })
    .join(', ');
}
