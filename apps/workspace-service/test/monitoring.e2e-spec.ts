import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { metricNamesIn, metricOfLabelValues } from './support/promql-metric-names.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// deploy/monitoring (docs/OBSERVABILITY.md, deploy/README.md "Monitoring"): the rules pass promtool
// and their unit tests, every alert is tested both ways, and the dashboard and the rules read only
// metrics the service exports, so renaming one breaks this suite rather than a dashboard.

// Parsed YAML/JSON walked field by field; the assertions are their type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const MONITORING = 'deploy/monitoring';
const TESTS = join(MONITORING, 'tests');
/** Metrics the panels read that other exporters provide (never the service's own). */
const EXTERNAL_METRICS = new Map([
  ['up', 'Prometheus itself, per scrape target'],
  ['kube_pod_container_status_restarts_total', 'kube-state-metrics'],
]);

const rule = parse(readFileSync(join(MONITORING, 'prometheus-rule.yaml'), 'utf8')) as Loose;
const groups = rule['spec'].groups as Loose[];
const alerts = groups.flatMap((g) => g['rules'] as Loose[]).filter((r) => r['alert'] !== undefined);
const dashboard = JSON.parse(readFileSync(join(MONITORING, 'dashboard.json'), 'utf8')) as Loose;
const testFiles = readdirSync(TESTS).filter((f) => f.endsWith('.test.yaml'));

function run(command: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, cwd });
}

/** promtool missing → loud skip, or a failure under CI=true (.ci/run installs `prometheus`). */
function requirePromtool(): boolean {
  if (run('promtool', ['--version']).status === 0) {
    return true;
  }
  const notice = 'promtool is not installed (Debian package `prometheus`)';
  if (process.env['CI'] === 'true') {
    throw new Error(`${notice}; CI=true requires it`);
  }
  console.warn(
    `\n!!! SKIPPING TESTS: ${notice}; install it to run them (CI=true fails instead) !!!\n`,
  );
  return false;
}

/** The rules as promtool reads them (spec.groups), next to copies of the unit tests. */
function promtoolDir(rulesFor: (groups: Loose[]) => Loose[] = (g) => g): string {
  const dir = mkdtempSync(join(tmpdir(), 'wes-promtool-'));
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rulesFor(structuredClone(groups)) }));
  for (const file of testFiles) {
    copyFileSync(join(TESTS, file), join(dir, file));
  }
  return dir;
}

function withExpr(alert: string, expr: string): (groups: Loose[]) => Loose[] {
  return (copy) => {
    for (const r of copy.flatMap((g) => g['rules'] as Loose[])) {
      if (r['alert'] === alert) {
        r['expr'] = expr;
      }
    }
    return copy;
  };
}

function panelsOf(model: Loose): Loose[] {
  return (model['panels'] as Loose[]).flatMap((p) => [
    p,
    ...panelsOf({ panels: p['panels'] ?? [] }),
  ]);
}

function dashboardQueries(): string[] {
  const panelExprs = panelsOf(dashboard).flatMap((p) =>
    ((p['targets'] as Loose[] | undefined) ?? []).map((t) => t['expr'] as string),
  );
  const variableMetrics = (dashboard['templating'].list as Loose[])
    .filter((v) => v['type'] === 'query')
    .map((v) => metricOfLabelValues(v['query'].query as string) ?? '');
  return [...panelExprs, ...variableMetrics];
}

const describePromtool = requirePromtool() ? describe : describe.skip;

describePromtool('deploy/monitoring with promtool', () => {
  const dirs: string[] = [];
  const dir = (rulesFor?: (groups: Loose[]) => Loose[]): string => {
    const made = promtoolDir(rulesFor);
    dirs.push(made);
    return made;
  };

  afterAll(() => {
    for (const made of dirs) {
      rmSync(made, { recursive: true, force: true });
    }
  });

  it('should pass promtool check rules with every rule of the PrometheusRule', () => {
    const checked = run('promtool', ['check', 'rules', join(dir(), 'rules.yaml')]);

    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    const ruleCount = groups.flatMap((g) => g['rules'] as Loose[]).length;
    expect(checked.stdout).toContain(`SUCCESS: ${ruleCount} rules found`);
  });

  it('should pass every promtool unit test', () => {
    const tested = run('promtool', ['test', 'rules', ...testFiles], dir());

    expect(tested.stderr).toBe('');
    expect(tested.status).toBe(0);
    expect(tested.stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it.each(alerts.map((a) => a['alert'] as string))(
    'should fail the unit tests of %s when its rule never fires, or always fires',
    (name) => {
      const silenced = run(
        'promtool',
        ['test', 'rules', ...testFiles],
        dir(withExpr(name, 'vector(1) > 2')),
      );
      const stuck = run(
        'promtool',
        ['test', 'rules', ...testFiles],
        dir(withExpr(name, 'vector(1)')),
      );

      expect(silenced.status).not.toBe(0);
      expect(silenced.stdout + silenced.stderr).toContain(`alertname: ${name}`);
      expect(stuck.status).not.toBe(0);
      expect(stuck.stdout + stuck.stderr).toContain(`alertname: ${name}`);
    },
  );
});

describe('deploy/monitoring rules and tests', () => {
  const cases = testFiles.flatMap((file) =>
    ((parse(readFileSync(join(TESTS, file), 'utf8')) as Loose)['tests'] as Loose[]).flatMap(
      (t) => (t['alert_rule_test'] as Loose[] | undefined) ?? [],
    ),
  );

  it('should test every alert firing and every alert staying silent', () => {
    const names = alerts.map((a) => a['alert'] as string).sort();
    const firing = new Set(
      cases.filter((c) => c['exp_alerts'].length > 0).map((c) => c['alertname']),
    );
    const silent = new Set(
      cases.filter((c) => c['exp_alerts'].length === 0).map((c) => c['alertname']),
    );

    expect(names).toHaveLength(7);
    expect(names.filter((n) => !firing.has(n))).toEqual([]);
    expect(names.filter((n) => !silent.has(n))).toEqual([]);
  });

  it('should give every alert a severity, a summary and a runbook section that exists', () => {
    const troubleshooting = readFileSync('docs/TROUBLESHOOTING.md', 'utf8').toLowerCase();

    for (const alert of alerts) {
      const name = alert['alert'] as string;
      expect(['warning', 'critical']).toContain(alert['labels'].severity);
      expect(alert['annotations'].summary).toEqual(expect.any(String));
      expect(alert['annotations'].runbook_url).toBe(
        `docs/TROUBLESHOOTING.md#alert-${name.toLowerCase()}`,
      );
      expect(troubleshooting).toContain(`### alert: ${name.toLowerCase()}`);
    }
  });
});

describe('deploy/monitoring/dashboard.json', () => {
  const panels = panelsOf(dashboard).filter((p) => p['type'] !== 'row');

  it('should take its Prometheus data source from a variable in every panel and query', () => {
    const variable = (dashboard['templating'].list as Loose[]).find(
      (v) => v['name'] === 'datasource',
    );

    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of panels) {
      expect(panel['datasource']).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const target of panel['targets'] as Loose[]) {
        expect(target['datasource']).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
    }
  });

  it('should have unique panel ids and a query in every panel', () => {
    const ids = panelsOf(dashboard).map((p) => p['id'] as number);

    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect((panel['targets'] as Loose[]).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['invocations by tool and outcome', 'workspace_invocations_total', 'tool, status'],
    ['latency percentiles by tool', 'workspace_invocation_duration_seconds_bucket', 'tool, le'],
    ['denials by code', 'workspace_invocations_denied_total', 'reason'],
    ['sessions active', 'workspace_sessions_active', ''],
    ['store and sandbox health', 'workspace_dependency_up', 'pod, dependency'],
    ['pod restarts', 'kube_pod_container_status_restarts_total', 'pod'],
  ])('should chart %s', (_what, metric, grouping) => {
    const exprs = dashboardQueries().filter((e) => metricNamesIn(e).includes(metric));

    expect(exprs.length).toBeGreaterThan(0);
    if (grouping !== '') {
      expect(exprs.some((e) => e.includes(`by (${grouping})`))).toBe(true);
    }
  });

  it('should take p50, p95 and p99 of the invocation latency', () => {
    const quantiles = dashboardQueries()
      .filter((e) => e.includes('workspace_invocation_duration_seconds_bucket'))
      .map((e) => /histogram_quantile\(([\d.]+)/.exec(e)?.[1]);

    expect(quantiles).toEqual(expect.arrayContaining(['0.5', '0.95', '0.99']));
  });
});

describe('metric names in deploy/monitoring against /metrics', () => {
  let t: TestApp;
  let exported: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    // HELP/TYPE lines are there before any observation (API.md 11.1), so no traffic is needed.
    exported = new Set(
      [...metrics.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram'
          ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
          : type === 'summary'
            ? [name, `${name}_sum`, `${name}_count`]
            : [name],
      ),
    );
  });

  afterAll(() => t?.close());

  it('should read metric names out of PromQL, and nothing else', () => {
    expect(
      metricNamesIn(
        'sum by (tool, le) (rate(a_bucket{tool=~"fs\\\\..+", x="y{z}"}[$__rate_interval])) > 0.25 and on (pod) b unless c offset 15m or histogram_quantile(0.99, d)',
      ),
    ).toEqual(['a_bucket', 'b', 'c', 'd']);
    expect(metricOfLabelValues('label_values(m{namespace=~"$namespace"}, pod)')).toBe('m');
  });

  it('should export every metric a rule reads', () => {
    const used = [...new Set(alerts.flatMap((a) => metricNamesIn(a['expr'] as string)))].sort();

    expect(used).toEqual(
      expect.arrayContaining(['workspace_dependency_up', 'workspace_invocations_lost_total']),
    );
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('should export every metric the dashboard reads, apart from the listed external ones', () => {
    const used = [...new Set(dashboardQueries().flatMap((e) => metricNamesIn(e)))].sort();

    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name) && !EXTERNAL_METRICS.has(name))).toEqual([]);
    // The exceptions stay exceptions: none of them is (or shadows) one of the service's.
    for (const name of EXTERNAL_METRICS.keys()) {
      expect(used).toContain(name);
      expect(exported.has(name)).toBe(false);
    }
  });

  it("should chart every one of the service's own metrics", () => {
    const used = new Set(dashboardQueries().flatMap((e) => metricNamesIn(e)));
    const own = [...exported].filter(
      (name) => name.startsWith('workspace_') && !/_(sum|count)$/.test(name),
    );

    expect(own.length).toBeGreaterThanOrEqual(8);
    expect(own.filter((name) => !used.has(name))).toEqual([]);
  });
});
