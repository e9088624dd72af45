import { loadAppConfig } from '#app/config';
import type { Principal } from '#app/contracts';
import { AppException } from '#app/errors';
import { AuditLog, JsonLogger } from '#app/observability';
import { Clock, MemoryApprovalStore, type StoredApproval } from '#app/stores';
import { ApprovalDecisions } from './approval-decisions.js';
import { parseApprovalStatus, parseDecideBody } from './approval.requests.js';
import { approvalView } from './approval-view.js';

class FixedClock extends Clock {
  constructor(public at: number) {
    super();
  }
  now(): number {
    return this.at;
  }
}

const START = Date.parse('2026-01-01T00:00:00.000Z');
const trusted = { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't' };
const principal = (actor: string, roles: string[], tenant = 'acme'): Principal => ({
  tenant_id: tenant,
  actor_id: actor,
  roles,
});
const BOB = principal('bob', [' Approver ']);

function pending(id = 'approval-1'): StoredApproval {
  return {
    id,
    status: 'pending',
    session_id: 'session-a',
    tool_name: 'fs.write_file',
    args_sha256: 'a'.repeat(64),
    args: {},
    requested_by: { tenant: 'acme', actor: 'alice' },
    created_at: new Date(START).toISOString(),
    expires_at: new Date(START + 60_000).toISOString(),
  };
}

function message(run: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(run)
    .then(
      () => 'no error',
      (error: unknown) =>
        error instanceof AppException ? `${error.code}: ${error.message}` : String(error),
    );
}

describe('ApprovalDecisions (API.md 5.19–5.22)', () => {
  let store: MemoryApprovalStore;
  let clock: FixedClock;
  let lines: Array<Record<string, unknown>>;

  const decisions = (env: Record<string, string> = {}): ApprovalDecisions =>
    new ApprovalDecisions(
      store,
      loadAppConfig({ ...trusted, WORKSPACE_APPROVAL_MODE: 'request', ...env }),
      clock,
      new AuditLog(new JsonLogger('error', (line) => lines.push(JSON.parse(line) as never))),
    );

  beforeEach(async () => {
    clock = new FixedClock(START);
    store = new MemoryApprovalStore(60, () => clock.at);
    lines = [];
    await store.create(pending());
  });

  it('should answer 404 on every operation outside request mode, before the role', async () => {
    const flag = new ApprovalDecisions(
      store,
      loadAppConfig(trusted),
      clock,
      new AuditLog(new JsonLogger('error', () => undefined)),
    );
    for (const run of [
      () => flag.list(BOB, () => 'pending'),
      () => flag.read(principal('x', []), 'approval-1'),
      () => flag.decide(BOB, 'approval-1', 'approved', () => undefined),
    ]) {
      expect(await message(run)).toBe('not_found: approval requests are not enabled');
    }
  });

  it('should refuse a caller without approver or platform_admin before looking the id up', async () => {
    const service = decisions();
    let statusRead = false;
    expect(
      await message(() =>
        service.list(principal('carol', ['developer', 'devops']), () => {
          statusRead = true;
          return 'pending';
        }),
      ),
    ).toBe('policy_denied: approver role required');
    expect(statusRead).toBe(false);
    expect(await message(() => service.read(principal('carol', []), 'approval-unknown'))).toBe(
      'policy_denied: approver role required',
    );
    expect(await message(() => service.read(null, 'approval-1'))).toBe(
      'unauthorized: invalid authentication token',
    );
    await expect(service.read(principal('dan', ['PLATFORM_ADMIN']), 'approval-1')).resolves.toEqual(
      expect.objectContaining({ id: 'approval-1' }),
    );
  });

  it("should hide another tenant's request as not found, in every operation", async () => {
    const service = decisions();
    const eve = principal('eve', ['approver'], 'other');
    expect(await message(() => service.read(eve, 'approval-1'))).toBe(
      'not_found: approval request not found',
    );
    expect(await message(() => service.decide(eve, 'approval-1', 'approved', () => 'x'))).toBe(
      'not_found: approval request not found',
    );
    expect(await service.list(eve, () => 'pending')).toEqual([]);
    expect((await store.get('approval-1'))?.status).toBe('pending');
  });

  it('should refuse self-approval unless allowed, and always let the requester deny', async () => {
    const alice = principal('alice', ['approver']);
    expect(
      await message(() => decisions().decide(alice, 'approval-1', 'approved', () => 'x')),
    ).toBe('policy_denied: approver cannot approve their own request');
    await store.create(pending('approval-2'));
    await expect(
      decisions({ WORKSPACE_APPROVAL_ALLOW_SELF: 'true' }).decide(
        alice,
        'approval-2',
        'approved',
        () => undefined,
      ),
    ).resolves.toEqual(expect.objectContaining({ status: 'approved' }));
    await expect(
      decisions().decide(alice, 'approval-1', 'denied', () => 'withdrawn'),
    ).resolves.toEqual(expect.objectContaining({ status: 'denied', reason: 'withdrawn' }));
  });

  it('should decide once, audit it, and answer 409 afterwards or once expired', async () => {
    const service = decisions();
    const approved = await service.decide(BOB, 'approval-1', 'approved', () => 'ok');

    expect(approved).toEqual(
      expect.objectContaining({
        status: 'approved',
        decided_by: { tenant: 'acme', actor: 'bob' },
        decided_at: '2026-01-01T00:00:00.000Z',
        reason: 'ok',
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'audit.approval',
        event: 'approved',
        actor_id: 'bob',
        requested_by: 'alice',
        reason: 'ok',
      }),
    ]);
    expect(await message(() => service.decide(BOB, 'approval-1', 'denied', () => undefined))).toBe(
      'conflict: approval request is already approved',
    );
    await store.create(pending('approval-3'));
    clock.at += 60_000;
    expect(
      await message(() => service.decide(BOB, 'approval-3', 'approved', () => undefined)),
    ).toBe('conflict: approval request has expired');
    // Approved but unused past expiry reads as expired too (API.md 2.7).
    const expired = await service.list(BOB, () => 'expired');
    expect(expired.map((approval) => approval.id).sort()).toEqual(['approval-1', 'approval-3']);
    expect(await service.list(BOB, () => 'approved')).toEqual([]);
  });
});

describe('approval request parsing and view', () => {
  it('should default the status filter to pending and refuse unknown ones', () => {
    expect(parseApprovalStatus(undefined)).toBe('pending');
    expect(parseApprovalStatus('used')).toBe('used');
    for (const bad of ['Pending', '', ['pending', 'used']]) {
      expect(() => parseApprovalStatus(bad)).toThrow(
        'status must be one of pending, approved, denied, used, expired',
      );
    }
  });

  it('should read an optional body with a trimmed reason of at most 1024 characters', () => {
    const bytes = (text: string) => ({ kind: 'bytes', bytes: Buffer.from(text) });
    expect(parseDecideBody(undefined)).toBeUndefined();
    expect(parseDecideBody(bytes('  '))).toBeUndefined();
    expect(parseDecideBody(bytes('{"reason":"  fine  "}'))).toBe('fine');
    expect(parseDecideBody(bytes(`{"reason":"${'x'.repeat(1024)}"}`))).toHaveLength(1024);
    expect(() => parseDecideBody(bytes(`{"reason":"${'x'.repeat(1025)}"}`))).toThrow(
      'reason must be at most 1024 characters',
    );
    expect(() => parseDecideBody(bytes('{"status":"approved"}'))).toThrow('unknown field "status"');
  });

  it('should show pending and approved requests past expiry as expired, and no others', () => {
    const record = pending();
    const later = START + 60_000;
    expect(approvalView(record, later - 1).status).toBe('pending');
    expect(approvalView(record, later).status).toBe('expired');
    expect(approvalView({ ...record, status: 'approved' }, later).status).toBe('expired');
    expect(approvalView({ ...record, status: 'used' }, later).status).toBe('used');
    expect(approvalView({ ...record, status: 'denied' }, later).status).toBe('denied');
  });
});
