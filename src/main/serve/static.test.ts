import { describe, expect, it } from 'vitest';
import { entryPreloadLinks } from './static';

// index.html as vite builds it (out/renderer/index.html): the entry in the head, its runtime and stylesheet.
const BUILT = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="data:," />
    <script type="module" crossorigin src="./assets/index-B5naOBQq.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/rolldown-runtime-XKyaHtl9.js">
    <link rel="stylesheet" crossorigin href="./assets/index-v_ALeMbr.css">
  </head>
  <body><div id="root"></div></body>
</html>`;

describe('entryPreloadLinks', () => {
  it("names the page's entry script, its module preloads and stylesheet, in the tags' mode", () => {
    expect(entryPreloadLinks(BUILT)).toEqual([
      '</assets/index-B5naOBQq.js>; rel=modulepreload',
      '</assets/rolldown-runtime-XKyaHtl9.js>; rel=modulepreload',
      '</assets/index-v_ALeMbr.css>; rel=preload; as=style; crossorigin',
    ]);
  });

  it('names only hashed assets of the build: no classic script, data URL, other site or unhashed file', () => {
    const html = `<script src="./assets/legacy-B5naOBQq.js"></script>
      <script type="module" src="https://cdn.example/x-B5naOBQq.js"></script>
      <script type="module" src="./assets/app.js"></script>
      <link rel="stylesheet" href="./assets/plain-v_ALeMbr.css">
      <link rel="icon" href="data:,">`;
    expect(entryPreloadLinks(html)).toEqual(['</assets/plain-v_ALeMbr.css>; rel=preload; as=style']);
    expect(entryPreloadLinks('<!doctype html><title>NetScope</title>')).toEqual([]);
  });
});
