/**
 * The embed's options are declared once (widget/embed-options.ts). The embed passes on exactly those, the
 * snippet the configurator shows follows their defaults, and the README's table documents each with its
 * default: a new option, or a changed default, that misses one of them fails here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../widget/build/build-widget.ts';
import { CONFIGURABLE_OPTIONS, OPTION_NAMES, OPTION_RULES, readOptions, snippetFor } from '../../widget/embed-options.ts';

describe('embed options', () => {
  it('the README table lists every option with the default the embed uses', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Options'), readme.indexOf('### What it costs your page'));
    const rows = new Map(
      [...table.matchAll(/^\| `([a-z]+)` \| ([^|]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim()]),
    );

    expect([...rows.keys()].sort()).toEqual([...OPTION_NAMES].sort());
    for (const name of CONFIGURABLE_OPTIONS) {
      const documented = rows.get(name)!;
      const { default: value } = OPTION_RULES[name];
      // An empty default reads "all"/"none", autoplay's 0 reads "off"; every other default is quoted as is.
      if (value === '' || (name === 'autoplay' && value === '0')) expect(documented, name).toMatch(/^(all|none|off)$/);
      else expect(documented, name).toBe(`\`${value}\``);
    }
  });

  it('a snippet leaves defaults out, keeps a fixed order and escapes values', () => {
    // Every snippet ends with the style that reserves the carousel's height (14.5 em of its font size).
    const reserve = ' style="display:block;min-height:calc(14.5*var(--khabar-font-size,16px))"';
    expect(snippetFor('https://api.example', {})).toBe(`<script async src="https://api.example/embed.js"${reserve}></script>`);
    expect(snippetFor('https://api.example', { lang: 'en', limit: '4', section: 'sport', theme: 'auto' })).toBe(
      `<script async src="https://api.example/embed.js" data-limit="4" data-section="sport" data-lang="en"${reserve}></script>`,
    );
    expect(snippetFor('https://api.example', { partner: 'a"b<c' })).toContain('data-partner="a&quot;b&lt;c"');
  });

  it('reads only valid, non-default values from a query', () => {
    const params = new URLSearchParams('limit=51&section=Sport&theme=dark&autoplay=5&digits=roman&refresh=0&partner=paper.one&lang=fr&api=https://evil.example');

    expect(readOptions(params)).toEqual({ theme: 'dark', autoplay: '5', refresh: '0', partner: 'paper.one' });
  });
});
