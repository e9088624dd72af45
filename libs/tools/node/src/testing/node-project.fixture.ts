// An npm project without dependencies (installs offline) whose scripts are plain node commands.
export const NODE_PROJECT: Record<string, string> = {
  // No registry round trips (audit, fund, update check) in tests that run without a network.
  '.npmrc': 'audit=false\nfund=false\nupdate-notifier=false\n',
  'package.json': JSON.stringify(
    {
      name: 'fixture-node',
      version: '1.0.0',
      private: true,
      scripts: {
        build: 'node build.js',
        test: 'node --test',
        lint: 'node lint.js',
      },
    },
    null,
    2,
  ),
  'build.js':
    "require('node:fs').writeFileSync('built.txt', process.argv.slice(2).join(' ') || 'all');\n",
  'lint.js':
    "console.error('error: lint found 1 problem in ' + (process.argv[2] ?? '.'));\nprocess.exit(1);\n",
  'math.test.js':
    "const test = require('node:test');\nconst assert = require('node:assert');\ntest('adds', () => assert.strictEqual(1 + 1, 2));\n",
};
