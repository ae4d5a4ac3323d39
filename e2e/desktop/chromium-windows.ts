/**
 * Chromium's side of the desktop harness: each stand-in BrowserWindow is a
 * real page of Debian's Chromium (one browser context = Electron's default
 * session). Requests for a scheme the main process handles are answered by
 * its real protocol.handle handler, then passed through its real
 * onHeadersReceived hook, so the page gets exactly the CSP the app sets.
 *
 * Playwright cannot route a scheme Chromium does not know, so `app://netscope/x`
 * is shown to Chromium as `https://netscope.app.harness/x` (standard and secure,
 * as the app registers `app:`) and mapped back wherever the main process can
 * see a URL (frame URLs, will-navigate, the protocol handler's Request).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Page, Request as PwRequest, Route } from '@playwright/test';
import type { ElectronStandIn } from './electron-stand-in';
import { preventable } from './events';
import { preloadInitScript } from './preload-script';
import type { Problems } from './problems';
import { headersAfterHook, toChromiumUrl, toElectronUrl, type HeaderLists } from './scheme-urls';
import { StandInFrame, type StandInWebContents, type WindowPages } from './window-stand-in';

type InvokeReply = { ok: true; value: unknown } | { ok: false; message: string };

/** A page that no BrowserWindow opened (a second page): it has a webContents of its own, nothing else. */
interface ForeignContents {
  id: number;
  mainFrame: StandInFrame;
}

export class ChromiumWindows implements WindowPages {
  private context: BrowserContext | null = null;
  private readonly pages = new Map<StandInWebContents, Page>();
  private readonly contentsOf = new Map<Page, StandInWebContents | ForeignContents>();
  private readonly pushFunctions = new Map<Page, string>();
  private readonly frames = new WeakMap<Frame, StandInFrame>();
  private readonly expectedNavigations = new Set<Page>();
  private readonly abortedOnPurpose = new WeakSet<PwRequest>();
  private standIn: ElectronStandIn | null = null;
  private nextForeignId = 1000;

  constructor(
    private readonly browser: Browser,
    private readonly problems: Problems,
    private readonly storageState?: Awaited<ReturnType<BrowserContext['storageState']>>,
  ) {}

  connect(standIn: ElectronStandIn): void {
    this.standIn = standIn;
  }

  /**
   * The schemes the main process registered as standard and secure: only those
   * behave like https in Electron, so only those are shown to Chromium as https.
   * Any other custom URL is loaded as is, and fails as it would in the app.
   */
  private schemes(): Set<string> {
    type Registered = { scheme: string; privileges?: { standard?: boolean; secure?: boolean } };
    const registered = (this.standIn?.privilegedSchemes ?? []) as Registered[];
    return new Set(registered.filter((s) => s.privileges?.standard && s.privileges.secure).map((s) => s.scheme));
  }

  pageOf(contents: StandInWebContents): Page {
    const page = this.pages.get(contents);
    if (!page) throw new Error(`webContents ${contents.id} has no page`);
    return page;
  }

  async browserContext(): Promise<BrowserContext> {
    if (this.context) return this.context;
    this.context = await this.browser.newContext({
      ...(this.storageState ? { storageState: this.storageState } : {}),
      serviceWorkers: 'block',
    });
    await this.context.route('**', (route) => this.answer(route));
    return this.context;
  }

  async open(contents: StandInWebContents, size: { width: number; height: number }): Promise<void> {
    const page = await (await this.browserContext()).newPage();
    await page.setViewportSize(size);
    this.pages.set(contents, page);
    await this.instrument(page, contents, contents.preloadPath, `window ${contents.id}`);
    page.on('load', () => contents.emit('did-finish-load', preventable()));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) contents.url = toElectronUrl(frame.url());
    });
    page.on('crash', () => contents.emit('render-process-gone', preventable(), { reason: 'crashed', exitCode: 1 }));
    page.on('popup', (popup) => {
      // window.open: Electron asks the handler first; NetScope must deny every one.
      const verdict = contents.windowOpenHandler?.({ url: toElectronUrl(popup.url()) });
      if (verdict?.action !== 'deny') this.problems.add(`window.open(${popup.url()}) was allowed`);
      void popup.close();
    });
  }

  /** A second page of the app's own URL that no BrowserWindow owns, with the preload: for the sender check. */
  async openForeignPage(url: string, preloadPath: string): Promise<Page> {
    const page = await (await this.browserContext()).newPage();
    const id = this.nextForeignId++;
    this.contentsOf.set(page, {
      id,
      mainFrame: new StandInFrame(() => toElectronUrl(page.url()), id, `main-${id}`, 1),
    });
    await this.instrument(page, null, preloadPath, `foreign page ${id}`);
    this.expectedNavigations.add(page);
    await page.goto(toChromiumUrl(url, this.schemes()));
    return page;
  }

  /** label names the page in every problem it causes ("window 1", "foreign page 1000"). */
  private async instrument(
    page: Page,
    contents: StandInWebContents | null,
    preloadPath: string | null,
    label: string,
  ): Promise<void> {
    if (contents) this.contentsOf.set(page, contents);
    const suffix = randomBytes(6).toString('hex');
    const names = {
      invokeBinding: `__harnessInvoke_${suffix}`,
      reportBinding: `__harnessReport_${suffix}`,
      pushFunction: `__harnessPush_${suffix}`,
    };
    this.pushFunctions.set(page, names.pushFunction);
    await page.exposeBinding(
      names.invokeBinding,
      (source: { page: Page; frame: Frame }, channel: string, args: unknown[]) =>
        this.invoke(source.page, source.frame, channel, args),
    );
    await page.exposeBinding(names.reportBinding, (_source, problem: string) =>
      this.problems.add(`${label}: ${problem}`),
    );
    if (preloadPath) {
      const preloadSource = readFileSync(preloadPath, 'utf8');
      await page.addInitScript({ content: preloadInitScript({ preloadSource, platform: process.platform, ...names }) });
    }
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.add(`${label}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.add(`${label}: uncaught error: ${error.message}`));
    page.on('requestfailed', (request) => {
      if (this.abortedOnPurpose.has(request)) return;
      this.problems.add(
        `${label}: request failed: ${toElectronUrl(request.url())} (${request.failure()?.errorText ?? '?'})`,
      );
    });
  }

  private frameFor(contents: StandInWebContents | ForeignContents, page: Page, frame: Frame): StandInFrame {
    if (frame === page.mainFrame()) return contents.mainFrame;
    let known = this.frames.get(frame);
    if (!known) {
      const token = `sub-${randomBytes(4).toString('hex')}`;
      known = new StandInFrame(() => toElectronUrl(frame.url()), contents.mainFrame.processId, token, 2);
      this.frames.set(frame, known);
    }
    return known;
  }

  /** ipcRenderer.invoke from a frame: the real ipcMain handler runs with that frame as the sender. */
  private async invoke(page: Page, frame: Frame, channel: string, args: unknown[]): Promise<InvokeReply> {
    const contents = this.contentsOf.get(page);
    const handler = this.standIn?.ipcHandlers.get(channel);
    if (!contents) return { ok: false, message: 'invoke from an unknown page' };
    if (!handler) {
      this.problems.add(`ipcRenderer.invoke("${channel}"): no handler is registered in the main process`);
      return {
        ok: false,
        message: `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
      };
    }
    const senderFrame = this.frameFor(contents, page, frame);
    const event = { sender: contents, senderFrame, frameId: senderFrame.routingId, processId: senderFrame.processId };
    try {
      // Both directions are structured clones in Electron.
      const value: unknown = await (handler as (...a: unknown[]) => unknown)(event, ...structuredClone(args));
      return { ok: true, value: structuredClone(value) };
    } catch (error) {
      return { ok: false, message: `Error invoking remote method '${channel}': ${String(error)}` };
    }
  }

  async load(contents: StandInWebContents, url: string): Promise<void> {
    const page = this.pageOf(contents);
    this.expectedNavigations.add(page);
    contents.url = url;
    await page.goto(toChromiumUrl(url, this.schemes()));
  }

  async reload(contents: StandInWebContents): Promise<void> {
    const page = this.pageOf(contents);
    this.expectedNavigations.add(page);
    await page.reload();
  }

  async resize(contents: StandInWebContents, size: { width: number; height: number }): Promise<void> {
    await this.pageOf(contents).setViewportSize(size);
  }

  async deliver(contents: StandInWebContents, channel: string, args: unknown[]): Promise<void> {
    const page = this.pageOf(contents);
    const push = this.pushFunctions.get(page) ?? '';
    // WHY a JSON string: Playwright's own argument serializer walks every value; a push of 23k
    // connections took 4.5-7 s through it (0.5-0.9 s as JSON), so with a refresh every second the
    // queue of pushes grew without bound and Open Saved Output's snapshot waited behind it for >30 s.
    // Pushes are plain data (the browser mode sends the same ones as JSON over its WebSocket).
    const json = JSON.stringify(args);
    try {
      await page
        .mainFrame()
        .evaluate(
          ([fn, ch, a]) =>
            (window as unknown as Record<string, (c: string, a: unknown[]) => void>)[fn]?.(
              ch,
              JSON.parse(a) as unknown[],
            ),
          [push, channel, json] as const,
        );
    } catch (error) {
      // Electron drops messages to a page that is navigating or closing; anything else is a problem.
      if (!/context was destroyed|Target (page, context or browser )?(has been )?closed/i.test(String(error)))
        throw error;
    }
  }

  async close(contents: StandInWebContents): Promise<void> {
    await this.pages.get(contents)?.close();
  }

  /** The pages' storage (localStorage, cookies), which Electron would keep in userData for the next start. */
  async storage(): Promise<Awaited<ReturnType<BrowserContext['storageState']>> | undefined> {
    return this.context ? await this.context.storageState() : undefined;
  }

  async dispose(): Promise<void> {
    await this.context?.close();
    this.context = null;
  }

  /** Every request of every page: served by the app's protocol handler, or refused. */
  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const url = toElectronUrl(request.url());
    const abort = async (why: string | null): Promise<void> => {
      this.abortedOnPurpose.add(request);
      if (why) this.problems.add(why);
      await route.abort('blockedbyclient');
    };
    if (this.isUnexpectedNavigation(request, url)) {
      // ERR_ABORTED, as a navigation stopped before it started: Chromium keeps the page (no error page).
      this.abortedOnPurpose.add(request);
      return route.abort('aborted');
    }
    // A window.open popup, closed at once (and reported if it was allowed): it loads nothing.
    if (this.isPopupRequest(request)) return abort(null);
    const scheme = url.slice(0, Math.max(0, url.indexOf(':')));
    const handler = this.standIn?.protocolHandlers.get(scheme);
    if (!handler || url === request.url()) return abort(`request outside the app's own scheme: ${url}`);
    const response = await handler(new Request(url, { method: request.method() }));
    const headers = await this.applyHeaderHook(url, request, response);
    const body = Buffer.from(await response.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, values] of Object.entries(headers)) flat[name] = values.join(', ');
    await route.fulfill({ status: response.status, headers: flat, body });
  }

  /** A request of a page no window or test opened: a popup's first navigation has no known page yet. */
  private isPopupRequest(request: PwRequest): boolean {
    try {
      return !this.contentsOf.has(request.frame().page());
    } catch {
      return true;
    }
  }

  /** Electron asks will-navigate before a page navigates itself; security.ts prevents it. */
  private isUnexpectedNavigation(request: PwRequest, url: string): boolean {
    if (!request.isNavigationRequest()) return false;
    let page: Page;
    try {
      page = request.frame().page();
      if (request.frame() !== page.mainFrame()) return false;
    } catch {
      return false;
    }
    if (this.expectedNavigations.delete(page)) return false;
    const contents = this.contentsOf.get(page);
    if (!contents || !('emit' in contents)) return false;
    const event = { ...preventable(), url };
    event.preventDefault = () => void (event.defaultPrevented = true);
    contents.emit('will-navigate', event, url);
    return event.defaultPrevented;
  }

  private async applyHeaderHook(url: string, request: PwRequest, response: Response): Promise<HeaderLists> {
    const headers: HeaderLists = {};
    response.headers.forEach((value, name) => (headers[name] = [value]));
    const hook = this.standIn?.headersListener.current;
    if (!hook) return headers;
    const details = {
      url,
      method: request.method(),
      resourceType: request.resourceType(),
      statusCode: response.status,
    };
    return headersAfterHook(hook, details, headers);
  }
}
