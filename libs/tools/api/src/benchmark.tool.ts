import { Type } from '@sinclair/typebox';
import { ConnectionProfiles, ProfileIdArg, redactCredentials } from '#app/connections';
import type { JsonObject, LogLine } from '#app/contracts';
import { toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  Defaulted,
  Dictionary,
  OpaqueArray,
  OpaqueObject,
  StringEnum,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolArtifact,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { runAutocannon } from './autocannon-runner.js';
import {
  BENCHMARK_METHODS,
  isReadMethod,
  readBenchmarkRequest,
  targetUrl,
} from './benchmark-request.js';
import { evaluateThresholds } from './benchmark-thresholds.js';
import { LOAD_MODES, MAX_DURATION_MS, MAX_RPS, MAX_VUS, readLoadPlan } from './load-plan.js';
import { assertRouteAllowed } from './route-allowlist.js';

const RAW_METRICS_LIMIT = 2 * 1024 * 1024;
const JSON_TYPE = 'application/json';

// Ajv fills the nested defaults too: `load` and `thresholds` default to `{}`, then their members.
const ApiBenchmarkArgs = ToolArgs({
  profile_id: ProfileIdArg,
  request: Type.Object(
    {
      method: Defaulted(StringEnum(BENCHMARK_METHODS, { default: 'GET' })),
      path: Type.String({
        description: 'Route path with optional query; must match the profile routes',
      }),
      headers: Defaulted(Dictionary(Type.String(), { default: {} })),
      body: Type.Optional(
        Type.String({ description: 'Sent for POST, PUT, PATCH and DELETE only (≤ 32 KiB)' }),
      ),
    },
    { additionalProperties: false },
  ),
  load: Defaulted(
    Type.Object(
      {
        mode: Defaulted(StringEnum(LOAD_MODES, { default: 'constant_vus' })),
        duration_ms: Defaulted(
          Type.Integer({ minimum: 100, maximum: MAX_DURATION_MS, default: 10_000 }),
        ),
        vus: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: MAX_VUS,
            description: 'Default 1 (constant_vus) or rps (arrival_rate)',
          }),
        ),
        rps: Type.Optional(
          Type.Integer({ minimum: 1, maximum: MAX_RPS, description: 'Required for arrival_rate' }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
  ),
  thresholds: Defaulted(
    Type.Object(
      {
        p95_ms: Type.Optional(Type.Number({ minimum: 1 })),
        error_rate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        checks: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      },
      { additionalProperties: false, default: {} },
    ),
  ),
  include_raw_metrics: Defaulted(Type.Boolean({ default: false })),
});

@Tool({
  name: 'api.benchmark',
  description:
    'Bounded HTTP load test of an allowlisted route of an http/api connection profile, with latency percentiles and thresholds.',
  inputSchema: ApiBenchmarkArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    target_url: Type.String(),
    request: OpaqueObject(),
    load: OpaqueObject(),
    latency_ms: OpaqueObject(),
    rps_observed: Type.Number(),
    requests: Type.Integer(),
    failed_requests: Type.Integer(),
    error_rate: Type.Number(),
    checks_rate: Type.Number(),
    http_codes: OpaqueObject(),
    thresholds: OpaqueObject(),
    raw_metrics_attached: Type.Boolean(),
    raw_metrics_truncated: Type.Boolean(),
    artifacts: OpaqueArray(),
    command: OpaqueArray(),
    exit_code: Type.Integer(),
    summary: Type.String(),
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 120,
  maxRetries: 0,
  outputLimitKb: 4096,
  policy: {
    profile_fields: [{ field: 'profile_id' }],
    arg_fields: [
      {
        field: 'request.path',
        max_length: 2048,
        allowed_prefix: ['/'],
        denied_prefix: ['http://', 'https://'],
        deny_characters: ['\n', '\r'],
      },
    ],
  },
  examples: [
    {
      profile_id: 'staging.api',
      request: { method: 'GET', path: '/health' },
      load: { mode: 'constant_vus', duration_ms: 5000, vus: 2 },
      thresholds: { p95_ms: 250, error_rate: 0.01 },
    },
  ],
})
export class ApiBenchmarkTool implements ToolHandler<typeof ApiBenchmarkArgs> {
  constructor(private readonly profiles: ConnectionProfiles) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof ApiBenchmarkArgs>): Promise<ToolResult> {
    const profile = this.profiles.profileFor(session.metadata, args.profile_id, 'http');
    const request = readBenchmarkRequest(args);
    if (profile.read_only && !isReadMethod(request.method)) {
      throw new AppException('policy_denied', 'profile is read_only');
    }
    assertRouteAllowed(profile, request.path);
    const plan = readLoadPlan(args);
    const endpoint = this.profiles.endpointFor(profile, 'http');
    const url = targetUrl(endpoint, request.path);
    const shownUrl = redactCredentials(url.toString(), [endpoint]);
    const command = [
      'autocannon',
      ...['--connections', String(plan.vus)],
      ...['--duration', `${plan.durationMs}ms`],
      ...(plan.mode === 'arrival_rate' ? ['--overallRate', String(plan.rps)] : []),
      ...['--method', request.method],
      shownUrl,
    ];

    const measured = await runAutocannon(url, request, plan, signal);
    const latency = measured.latency.summary();
    const errorRate = ratio(measured.failed, measured.requests);
    const checksRate = ratio(measured.checksPassed, measured.requests);
    const thresholds = evaluateThresholds(args, { p95Ms: latency.p95, errorRate, checksRate });
    const exitCode = thresholds.passed ? 0 : 99;

    const rawJson = args.include_raw_metrics
      ? Buffer.from(JSON.stringify(measured.raw))
      : undefined;
    const raw = rawJson === undefined ? undefined : rawJson.subarray(0, RAW_METRICS_LIMIT);
    const artifactNames = [
      'benchmark-summary.json',
      ...(raw !== undefined ? ['benchmark-raw-metrics.json'] : []),
    ];
    const summary =
      `${measured.requests} requests in ${(measured.elapsedMs / 1000).toFixed(1)}s, p95 ${latency.p95}ms, ` +
      `error rate ${errorRate}, thresholds ${thresholds.passed ? 'passed' : 'failed'}`;
    const output: JsonObject = {
      profile_id: profile.id,
      target_url: shownUrl,
      request: {
        method: request.method,
        path: request.path,
        headers: request.headers,
        body_bytes: request.body === undefined ? 0 : Buffer.byteLength(request.body, 'utf8'),
      },
      load: {
        mode: plan.mode,
        duration_ms: plan.durationMs,
        vus: plan.vus,
        rps: plan.rps,
        max_vus: plan.maxVus,
      },
      latency_ms: latency,
      rps_observed:
        Math.round((measured.requests / Math.max(0.001, measured.elapsedMs / 1000)) * 100) / 100,
      requests: measured.requests,
      failed_requests: measured.failed,
      error_rate: errorRate,
      checks_rate: checksRate,
      http_codes: measured.httpCodes,
      thresholds,
      raw_metrics_attached: raw !== undefined,
      raw_metrics_truncated: rawJson !== undefined && rawJson.length > RAW_METRICS_LIMIT,
      artifacts: artifactNames,
      command,
      exit_code: exitCode,
      summary,
    };
    const artifacts: ToolArtifact[] = [
      {
        name: 'benchmark-summary.json',
        content_type: JSON_TYPE,
        data: Buffer.from(`${JSON.stringify(output, null, 2)}\n`),
      },
      ...(raw !== undefined
        ? [{ name: 'benchmark-raw-metrics.json', content_type: JSON_TYPE, data: raw }]
        : []),
    ];
    if (thresholds.passed) {
      return { output, artifacts, exit_code: exitCode };
    }
    // A threshold breach fails the invocation but keeps the report (CATALOG.md 10).
    const logs: LogLine[] = [
      {
        at: toTimestamp(Date.now()),
        channel: 'stderr',
        message: `${summary}\n${thresholds.violations.join('\n')}`,
      },
    ];
    return {
      output,
      artifacts,
      logs,
      exit_code: exitCode,
      error: {
        code: 'execution_failed',
        message: `benchmark thresholds failed: ${thresholds.violations.join('; ')}`,
        retryable: false,
      },
    };
  }
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}
