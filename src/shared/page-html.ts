/**
 * The renderer build's last changes to index.html (electron.vite.config.ts), as plain string functions so they are
 * tested without a build.
 */

/**
 * The page's own stylesheets (`<link rel="stylesheet" href="./assets/NAME.css">`, the build's hashed files) put
 * inline as `<style>`; `cssOf` gives a file's text, or null to leave its link. WHY: the stylesheet is
 * render-blocking, and a classic script after its link waits for it (the early socket's script, at the end of the
 * body); on a fresh load its request, answered by a server busy with a 100k-row refresh, was sometimes the last
 * thing the first paint waited for (A2 s35: css at 400 ms, the boot script at 306). Inline, it comes with the
 * HTML (8 KB). The CSP allows inline styles already (React and the charts set style attributes).
 */
export function withInlineStylesheets(html: string, cssOf: (href: string) => string | null): string {
  return html.replace(
    /<link rel="stylesheet"(?: crossorigin)? href="\.\/(assets\/[\w.-]+\.css)">/g,
    (tag, href: string) => {
      const css = cssOf(href);
      if (css === null) return tag;
      // A style element's text ends at the first "</style": a stylesheet holding one is left as a link.
      return /<\/style/i.test(css) ? tag : `<style>${css}</style>`;
    },
  );
}

/**
 * `html` itself, or an error naming each stylesheet link left in it. WHY: withInlineStylesheets knows Vite's link as
 * it writes it today; a link in another form (attributes reordered, quoted otherwise) would silently stay, and the
 * early socket's script after it would wait for the stylesheet again. The build calls this (electron.vite.config.ts)
 * so such a change fails the build instead.
 */
export function assertStylesheetsInline(html: string): string {
  const left = html.match(/<link\b[^>]*\brel\s*=\s*["']?stylesheet\b[^>]*>/gi);
  if (left !== null) {
    throw new Error(`index.html: stylesheet link(s) not inlined (page-html.ts): ${left.join(' ')}`);
  }
  return html;
}
