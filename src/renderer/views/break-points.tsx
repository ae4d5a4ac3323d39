/**
 * Text with line-break opportunities (<wbr>) after chosen characters, so a long value wraps between its parts
 * before a table scrolls sideways or a panel overflows. One helper for the views' tables (addresses, CIDRs, TCP
 * states) and the process panel (paths, command lines).
 */
import { Fragment, type ReactNode } from 'react';

/** After ':', '/', '_' and ',': an IPv6 address, a CIDR, SYN_RECV, a list; an IPv4 address stays whole. */
export const ADDRESS_BREAKS = /(?<=[:/_,])/;
/** After a path separator or a space: an executable's path, a command line. */
export const PATH_BREAKS = /(?<=[/\\ ])/;

/** text split after each match of `after` (a lookbehind, so nothing is lost), a <wbr> between the parts. */
export function withBreaks(text: string, after: RegExp): ReactNode {
  const parts = text.split(after);
  if (parts.length < 2) return text;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ));
}

/** A table cell's or header's text, breakable at ADDRESS_BREAKS. */
export const breakable = (text: string): ReactNode => withBreaks(text, ADDRESS_BREAKS);
