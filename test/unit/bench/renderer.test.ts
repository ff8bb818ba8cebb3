import { describe, expect, it } from 'vitest';
import { initialAssets } from '../../../bench/renderer';

describe('initialAssets', () => {
  it('lists the scripts, stylesheets and module preloads a built index.html loads first', () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="./assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/vendor-def.js">
      <link rel="stylesheet" crossorigin href="./assets/index-123.css">
      <link rel="icon" href="./icon.svg">
    </head><body><div id="root"></div></body></html>`;
    expect(initialAssets(html)).toEqual(['assets/index-abc.js', 'assets/vendor-def.js', 'assets/index-123.css']);
  });

  it('skips inline and remote scripts and names each file once', () => {
    const html = `<script>console.log(1)</script><script src="https://cdn.example/x.js"></script>
      <script src="/assets/a.js?v=1"></script><link rel="modulepreload" href="assets/a.js">`;
    expect(initialAssets(html)).toEqual(['assets/a.js']);
  });
});
