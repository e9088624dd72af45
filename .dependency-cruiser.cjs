// Import boundaries: the layers docs/ARCHITECTURE.md describes, checked by `npm run lint`.
// Paths are repository-relative; `#app/<lib>` resolves (as Node does with the `source` condition)
// to libs/<lib>/src/index.ts, so "an entry point" below means a library's src/index.ts.

/** A library's root folder: libs/tools/<family> or libs/<lib>. Group 1 in `from` rules. */
const LIBRARY = '^(libs/tools/[^/]+|libs/(?!tools/)[^/]+)/';
/** Public entries: libs/<lib>/src/index.ts and test-only entries like libs/<lib>/src/testing/index.ts. */
const ENTRY_POINT = '^libs/(tools/)?[^/]+/src/(testing/)?index\\.ts$';
/** Adapters behind the workspace ports, and the Kubernetes client kit's internals. */
const WORKSPACE_ADAPTERS = '^libs/workspace/src/(local|kubernetes)/';
const KUBERNETES_INTERNALS = '^libs/kubernetes/src/(?!index\\.ts$)';
/** Files that may build real adapters: specs and test support. */
const TEST_SUPPORT = '(\\.spec\\.ts|\\.e2e-spec\\.ts)$|/testing/|/test/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes load order decide behaviour (an import is undefined while its module is loading).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'family-imports-no-other-family',
      severity: 'error',
      comment:
        'A tool family is one library and one import in app.module.ts: it sees ports and shared kits, never another family. Nested calls go through NestedToolInvoker. A spec may compose families as the app does (entry points only, see library-imports-entry-points-only).',
      from: { path: '^libs/tools/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/tools/', pathNot: '^libs/tools/$1/' },
    },
    {
      name: 'family-imports-no-adapter',
      severity: 'error',
      comment:
        'Tool families and sessions see the workspace through its ports (#app/workspace) and Kubernetes through #app/kubernetes, never an adapter.',
      from: { path: '^libs/(tools|sessions)/', pathNot: TEST_SUPPORT },
      to: { path: [WORKSPACE_ADAPTERS, KUBERNETES_INTERNALS, '^libs/workspace/src/testing/'] },
    },
    {
      name: 'library-imports-entry-points-only',
      severity: 'error',
      comment:
        'Another library is reached through its entry point (#app/<lib>), never by a path into its src/: the index is its public surface.',
      from: { path: LIBRARY },
      to: { path: '^libs/', pathNot: ['^$1/', ENTRY_POINT] },
    },
    {
      name: 'app-imports-entry-points-only',
      severity: 'error',
      comment:
        'apps/ and examples/ compose libraries through their entry points (#app/<lib>) only.',
      from: { path: '^(apps|examples)/' },
      to: { path: '^libs/', pathNot: ENTRY_POINT },
    },
    {
      name: 'client-standalone',
      severity: 'error',
      comment:
        'libs/client is published on its own (@workspace-service/client): it imports only its own files and its declared dependency openapi-fetch, never another library of the monorepo or a Node-only module.',
      from: { path: '^libs/client/src/', pathNot: '\\.spec\\.ts$|/testing/' },
      to: { pathNot: ['^libs/client/src/', '^node_modules/openapi-fetch/'] },
    },
    {
      name: 'kubernetes-kit-no-workspace',
      severity: 'error',
      comment:
        'The workspace Kubernetes adapter builds on #app/kubernetes; the reverse would be a cycle between libraries.',
      from: { path: '^libs/kubernetes/' },
      to: { path: '^libs/workspace/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved is a typo or a missing dependency.',
      from: { path: '^(apps|libs|examples)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|node_modules)/' },
    // Type-only imports are edges too: a type cycle still couples two files.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // package.json "imports" maps #app/* to libs/*/src/index.ts under the `source` condition.
      conditionNames: ['source', 'import', 'default'],
      exportsFields: ['exports'],
      // '.d.ts': libs/client imports its generated declarations (src/generated/openapi.d.ts).
      extensions: ['.ts', '.d.ts', '.js', '.mjs'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
