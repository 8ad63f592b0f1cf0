// Refuses a Node.js older than package.json's `engines.node`, in one line, before anything else runs: on
// Node 20 the tools would otherwise end in `node: bad option: --experimental-strip-types` after a screen of
// warnings. Plain CommonJS with no modern syntax, so that any Node can run it.
'use strict';
var fs = require('fs');
var path = require('path');

var engines = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).engines.node; // ">=22.13.0" (node:sqlite, the build cache, needs no flag from 22.13)
var need = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines);
if (!need) {
  process.stderr.write('content/check-node.cjs reads engines.node as ">=X.Y.Z"; package.json says ' + JSON.stringify(engines) + '\n');
  process.exit(1);
}
var have = process.versions.node.split('.').map(Number);
for (var i = 0; i < 3; i += 1) {
  var wanted = Number(need[i + 1]);
  if (have[i] > wanted) break;
  if (have[i] < wanted) {
    process.stderr.write(
      'khabar needs Node.js ' + engines + ', this is ' + process.version +
        ': run `nvm install` in this folder (it reads .nvmrc), or get Node 24 from https://nodejs.org/ (see "Two commands" in README.md)\n',
    );
    process.exit(1);
  }
}
