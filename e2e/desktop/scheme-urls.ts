/**
 * How the desktop harness shows the app's own scheme to Chromium, and the
 * session's response-header hook as Electron runs it.
 */

const HARNESS_TLD = '.harness';

/** app://netscope/x -> https://netscope.app.harness/x; other URLs unchanged. */
export function toChromiumUrl(url: string, schemes: ReadonlySet<string>): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)(.*)$/i.exec(url);
  if (!match || !schemes.has((match[1] ?? '').toLowerCase())) return url;
  return `https://${match[2]}.${match[1]}${HARNESS_TLD}${match[3] ?? ''}`;
}

/** The inverse: what the main process would see for a URL Chromium loaded. */
export function toElectronUrl(url: string): string {
  const match = /^https:\/\/([^/?#]+)\.([a-z][a-z0-9+.-]*)\.harness(.*)$/i.exec(url);
  return match ? `${match[2]}://${match[1]}${match[3] ?? ''}` : url;
}

export type HeaderLists = Record<string, string[]>;

type HeadersHook = (
  details: unknown,
  callback: (response: { cancel?: boolean; responseHeaders?: HeaderLists }) => void,
) => void;

/**
 * session.webRequest.onHeadersReceived, called as Electron calls it: the
 * listener gets the response's headers and answers through its callback with
 * replacement headers (or nothing, to keep them, or cancel).
 */
export async function headersAfterHook(
  hook: (...args: never[]) => unknown,
  details: { url: string; method: string; resourceType: string; statusCode: number },
  headers: HeaderLists,
): Promise<HeaderLists> {
  const listener = hook as unknown as HeadersHook;
  const result = await new Promise<{ cancel?: boolean; responseHeaders?: HeaderLists }>((ok) =>
    listener({ ...details, responseHeaders: headers }, ok),
  );
  if (result.cancel) throw new Error(`onHeadersReceived cancelled ${details.url}`);
  return result.responseHeaders ?? headers;
}
