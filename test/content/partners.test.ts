/**
 * Partner files (`content/partners/<id>.yaml`): what the build makes of them, and how it answers a careless
 * editor's mistakes (`file: field: message`, nothing written).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../../content/build/build-content.ts';
import { PROJECT_ROOT, copyContentProject, makeArticle, runNode, snapshotDir, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-partners-');

/** A content folder with one article and these partner files (name → YAML text). */
async function workspace(files: Record<string, string>) {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  const partnersDir = join(root, 'partners');
  await mkdir(articlesDir);
  await mkdir(partnersDir);
  await writeArticle(articlesDir, makeArticle('only-story'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(partnersDir, name), text);
  return { articlesDir, partnersDir, outDir: join(root, 'kv') };
}

async function problemsOf(files: Record<string, string>) {
  const { articlesDir, outDir, partnersDir } = await workspace(files);
  const result = await buildContent({ articlesDir, outDir });
  if (result.ok) throw new Error('the build accepted the partner files');
  return result.problems.map((p) => ({ ...p, file: p.file.slice(partnersDir.length + 1) }));
}

describe('a partner file', () => {
  it('becomes a record keyed by its file name, with origins as browsers send them and its defaults', async () => {
    const { articlesDir, outDir } = await workspace({
      'acme.yaml': [
        'name: Acme News',
        'status: active',
        'origins:',
        '  - https://News.Acme.example/',
        '  - https://acme.example:443',
        '  - http://localhost:8080',
        '  - https://خبر.example',
        'defaults:',
        '  section: sport',
        '  limit: 4',
        '  theme: dark',
        '  lang: en',
      ].join('\n'),
      'open-site.yaml': 'name: موقع مفتوح\n',
      'quiet.yaml': 'name: Quiet\nstatus: paused\n',
      // Not partners: an editor's swap and backup files.
      '.acme.yaml.swp': 'garbage',
      'acme.yaml~': 'name: old\n',
    });

    const result = await buildContent({ articlesDir, outDir });

    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.partners).toEqual({
      acme: {
        id: 'acme',
        name: 'Acme News',
        status: 'active',
        origins: ['https://news.acme.example', 'https://acme.example', 'http://localhost:8080', 'https://xn--ngblk.example'],
        defaults: { section: 'sport', limit: 4, theme: 'dark', lang: 'en' },
      },
      'open-site': { id: 'open-site', name: 'موقع مفتوح', status: 'active' },
      quiet: { id: 'quiet', name: 'Quiet', status: 'paused' },
    });
    expect(JSON.parse(await readFile(join(outDir, 'partners.json'), 'utf8'))).toEqual(result.partners);
  });

  it('is optional: without a partners folder the build has none', async () => {
    const root = await tempDir();
    const articlesDir = join(root, 'articles');
    await mkdir(articlesDir);
    await writeArticle(articlesDir, makeArticle('only-story'));

    const result = await buildContent({ articlesDir, outDir: join(root, 'kv') });

    expect(result.ok && result.partners).toEqual({});
  });

  it('the sample partner of the repository is valid, active and open to every site', async () => {
    const root = await tempDir();
    const articlesDir = join(root, 'articles');
    await mkdir(articlesDir);
    await writeArticle(articlesDir, makeArticle('only-story'));

    const result = await buildContent({ articlesDir, outDir: join(root, 'kv'), partnersDir: join(PROJECT_ROOT, 'content', 'partners') });

    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.partners['acme']).toMatchObject({ id: 'acme', status: 'active' });
    expect(result.partners['acme']!.origins).toBeUndefined();
  });
});

describe('a careless editor', () => {
  const CASES: Array<[string, Record<string, string>, Array<{ file: string; path: string; message: RegExp }>]> = [
    ['misspells a field', { 'acme.yaml': 'nmae: Acme\n' }, [
      { file: 'acme.yaml', path: 'name', message: /^is missing$/ },
      { file: 'acme.yaml', path: 'nmae', message: /is not a field of a partner/ },
    ]],
    ['writes a status in capitals', { 'acme.yaml': 'name: Acme\nstatus: Paused\n' }, [
      { file: 'acme.yaml', path: 'status', message: /^must be written in lowercase: "paused"$/ },
    ]],
    ['writes a status that is not one', { 'acme.yaml': 'name: Acme\nstatus: off\n' }, [
      { file: 'acme.yaml', path: 'status', message: /^must be "active" or "paused"$/ },
    ]],
    ['names the file in capitals', { 'ACME.yaml': 'name: Acme\n' }, [
      { file: 'ACME.yaml', path: '', message: /lowercase .*\(rename it acme\.yaml\)/ },
    ]],
    ['uses the .yml extension', { 'acme.yml': 'name: Acme\n' }, [
      { file: 'acme.yml', path: '', message: /rename it acme\.yaml/ },
    ]],
    ['writes an id that differs from the file name', { 'acme.yaml': 'id: acme-news\nname: Acme\n' }, [
      { file: 'acme.yaml', path: 'id', message: /comes from the file name \(acme\)/ },
    ]],
    ['lists one origin twice in two spellings', { 'acme.yaml': 'name: Acme\norigins:\n  - https://acme.example\n  - https://ACME.example/\n' }, [
      { file: 'acme.yaml', path: 'origins.1', message: /is https:\/\/acme\.example again \(as origins\.0\)/ },
    ]],
    ['gives a page instead of an origin', { 'acme.yaml': 'name: Acme\norigins:\n  - https://acme.example/news/\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /without a path.*write https:\/\/acme\.example/ },
    ]],
    ['gives a host without a scheme', { 'acme.yaml': 'name: Acme\norigins:\n  - acme.example\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /must start with https:\/\/ or http:\/\// },
    ]],
    ['gives another scheme', { 'acme.yaml': 'name: Acme\norigins:\n  - ftp://acme.example\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /must start with https:\/\/ or http:\/\// },
    ]],
    ['gives credentials', { 'acme.yaml': 'name: Acme\norigins:\n  - https://editor:secret@acme.example\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /user name or password/ },
    ]],
    ['gives a wildcard', { 'acme.yaml': 'name: Acme\norigins:\n  - https://*.acme.example\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /wildcards are not supported/ },
    ]],
    ['gives a query', { 'acme.yaml': 'name: Acme\norigins:\n  - https://acme.example?x=1\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /without a path, query/ },
    ]],
    ['hides a backslash in an origin', { 'acme.yaml': 'name: Acme\norigins:\n  - "https://evil.example\\\\@acme.example"\n' }, [
      { file: 'acme.yaml', path: 'origins.0', message: /backslashes/ },
    ]],
    ['leaves the origin list empty', { 'acme.yaml': 'name: Acme\norigins: []\n' }, [
      { file: 'acme.yaml', path: 'origins', message: /at least one origin; leave the field out/ },
    ]],
    ['lists 21 origins', { 'acme.yaml': `name: Acme\norigins:\n${Array.from({ length: 21 }, (_, i) => `  - https://s${i}.acme.example\n`).join('')}` }, [
      { file: 'acme.yaml', path: 'origins', message: /at most 20 origins \(got 21\)/ },
    ]],
    ['writes the limit as text, zero, or over the maximum', {
      'a.yaml': 'name: A\ndefaults:\n  limit: "6"\n',
      'b.yaml': 'name: B\ndefaults:\n  limit: 0\n',
      'c.yaml': 'name: C\ndefaults:\n  limit: 51\n',
      'd.yaml': 'name: D\ndefaults:\n  limit: 2.5\n',
    }, [
      { file: 'a.yaml', path: 'defaults.limit', message: /^must be a whole number from 1 to 50$/ },
      { file: 'b.yaml', path: 'defaults.limit', message: /^must be a whole number from 1 to 50$/ },
      { file: 'c.yaml', path: 'defaults.limit', message: /^must be a whole number from 1 to 50$/ },
      { file: 'd.yaml', path: 'defaults.limit', message: /^must be a whole number from 1 to 50$/ },
    ]],
    ['gives a theme, a language and a section that are not ones', { 'acme.yaml': 'name: Acme\ndefaults:\n  theme: Dark\n  lang: fr\n  section: Sport\n  colour: red\n' }, [
      { file: 'acme.yaml', path: 'defaults.section', message: /lowercase ASCII/ },
      { file: 'acme.yaml', path: 'defaults.theme', message: /^must be written in lowercase: "dark"$/ },
      { file: 'acme.yaml', path: 'defaults.lang', message: /^must be "ar" or "en"$/ },
      { file: 'acme.yaml', path: 'defaults.colour', message: /is not a field of a partner/ },
    ]],
    ['writes a name of 201 characters, or only invisible ones', { 'a.yaml': `name: ${'x'.repeat(201)}\n`, 'b.yaml': 'name: "\\u200b"\n' }, [
      { file: 'a.yaml', path: 'name', message: /at most 200 characters/ },
      { file: 'b.yaml', path: 'name', message: /must not be empty/ },
    ]],
    ['breaks the YAML, writes a list, or gives fields the wrong shape', {
      'a.yaml': 'name: [Acme\n',
      'b.yaml': '- name: B\n',
      'c.yaml': 'name: 5\ndefaults: 6\norigins: https://c.example\n',
    }, [
      { file: 'a.yaml', path: '', message: /^is not valid YAML/ },
      { file: 'b.yaml', path: '', message: /must be a mapping/ },
      { file: 'c.yaml', path: 'name', message: /^must be text$/ },
      { file: 'c.yaml', path: 'origins', message: /one per line starting with "- "/ },
      { file: 'c.yaml', path: 'defaults', message: /^must be a mapping of section, limit, theme and lang$/ },
    ]],
    ['pastes something huge', { 'acme.yaml': `name: Acme\n# ${'x'.repeat(20_000)}\n` }, [
      { file: 'acme.yaml', path: '', message: /at most 16384 bytes \(got 200\d\d\)/ },
    ]],
  ];

  it.each(CASES)('%s: the build names file and field, and writes nothing', async (_, files, expected) => {
    const problems = await problemsOf(files);

    expect(problems).toHaveLength(expected.length);
    for (const [index, want] of expected.entries()) {
      expect(problems[index], JSON.stringify(problems)).toMatchObject({ file: want.file, path: want.path });
      expect(problems[index]!.message).toMatch(want.message);
    }
  });

  it('keeps the previous build when a partner file breaks', async () => {
    const { articlesDir, outDir, partnersDir } = await workspace({ 'acme.yaml': 'name: Acme\n' });
    expect((await buildContent({ articlesDir, outDir })).ok).toBe(true);
    const before = await snapshotDir(outDir);
    await writeFile(join(partnersDir, 'acme.yaml'), 'name: Acme\nstatus: Active\n');

    expect((await buildContent({ articlesDir, outDir })).ok).toBe(false);
    expect(await snapshotDir(outDir)).toEqual(before);
  });
});

describe('the content:build command', () => {
  it('counts the partners, and prints a partner problem as file: field: message', async () => {
    const root = await copyContentProject(await tempDir());
    await writeArticle(join(root, 'content', 'articles'), makeArticle('good-one'));

    const good = await runNode(['content/build/cli.ts'], root);
    await writeFile(join(root, 'content', 'partners', 'acme.yaml'), 'name: Acme\norigins:\n  - https://acme.example/news\n');
    const bad = await runNode(['content/build/cli.ts'], root);

    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/built 1 articles and 2 headline lists .*, and 1 partner$/m);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join('content', 'partners', 'acme.yaml')}: origins.0: must be scheme, host and port only`);
  });
});
