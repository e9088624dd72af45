import { randomUUID } from 'node:crypto';
import type { ApprovalStore, ApprovalUse, StoredApproval } from '../approval-store.port.js';
import type { StoreUnderTest } from './session-store.contract.js';

const HASH = 'a'.repeat(64);

/** A pending request of tenant `acme` by `alice`, expiring `ttlSeconds` from `nowMs`. */
export function approvalFixture(
  nowMs: number,
  overrides: Partial<StoredApproval> = {},
  ttlSeconds = 900,
): StoredApproval {
  return {
    id: `apr-${randomUUID().replaceAll('-', '').slice(0, 16)}`,
    status: 'pending',
    session_id: 'session-a',
    tool_name: 'fs.write_file',
    args_sha256: HASH,
    args: { path: 'notes/a.txt', content: 'hola', nested: {}, list: [1.5, 10000000000000001] },
    requested_by: { tenant: 'acme', actor: 'alice' },
    created_at: new Date(nowMs).toISOString(),
    expires_at: new Date(nowMs + ttlSeconds * 1000).toISOString(),
    ...overrides,
  };
}

function useOf(approval: StoredApproval, overrides: Partial<ApprovalUse> = {}): ApprovalUse {
  return {
    tenant: approval.requested_by.tenant,
    session_id: approval.session_id,
    tool_name: approval.tool_name,
    args_sha256: approval.args_sha256,
    used_at: new Date().toISOString(),
    invocation_id: 'inv-0123456789abcdef',
    ...overrides,
  };
}

const APPROVE = {
  status: 'approved' as const,
  decided_by: { tenant: 'acme', actor: 'bob' },
  decided_at: new Date().toISOString(),
  reason: 'looks right',
};

/** Behaviour every `ApprovalStore` adapter shares (API.md 7.3); `create` gives a fresh, empty store. */
export function approvalStoreContract(create: () => Promise<StoreUnderTest<ApprovalStore>>): void {
  let subject: StoreUnderTest<ApprovalStore>;
  let store: ApprovalStore;
  const now = Date.now();

  beforeEach(async () => {
    subject = await create();
    store = subject.store;
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should return the record unchanged when read back, args included', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);

    expect(await store.get(approval.id)).toEqual(approval);
    expect(await store.get('apr-unknown')).toBeNull();
  });

  it('should list only the tenant records, newest first', async () => {
    const older = approvalFixture(now - 2000);
    const newer = approvalFixture(now - 1000);
    const foreign = approvalFixture(now, { requested_by: { tenant: 'other', actor: 'eve' } });
    for (const approval of [older, newer, foreign]) {
      await store.create(approval);
    }

    const listed = await store.listForTenant('acme', 10);

    expect(listed.map((approval) => approval.id)).toEqual([newer.id, older.id]);
    expect((await store.listForTenant('acme', 1)).map((approval) => approval.id)).toEqual([
      newer.id,
    ]);
  });

  it('should approve a pending request once and keep the decision', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);

    const first = await store.decide(approval.id, 'acme', APPROVE, now);
    const second = await store.decide(approval.id, 'acme', { ...APPROVE, status: 'denied' }, now);

    expect(first).toEqual({
      outcome: 'decided',
      approval: { ...approval, status: 'approved', ...omitStatus(APPROVE) },
    });
    expect(second.outcome).toBe('not_pending');
    expect((await store.get(approval.id))?.status).toBe('approved');
  });

  it('should refuse to decide another tenant request or an unknown id as missing', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);

    expect(await store.decide(approval.id, 'other', APPROVE, now)).toEqual({
      outcome: 'missing',
    });
    expect(await store.decide('apr-unknown', 'acme', APPROVE, now)).toEqual({
      outcome: 'missing',
    });
    expect((await store.get(approval.id))?.status).toBe('pending');
  });

  it('should refuse to decide a pending request past its expiry', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);

    const result = await store.decide(approval.id, 'acme', APPROVE, now + 900_000);

    expect(result.outcome).toBe('expired');
    expect((await store.get(approval.id))?.status).toBe('pending');
  });

  it('should let exactly one of many concurrent decisions win', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store.decide(
          approval.id,
          'acme',
          { ...APPROVE, status: index % 2 === 0 ? 'approved' : 'denied' },
          now,
        ),
      ),
    );

    expect(results.filter((result) => result.outcome === 'decided')).toHaveLength(1);
  });

  it('should consume an approved, matching, unexpired request exactly once', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);
    await store.decide(approval.id, 'acme', APPROVE, now);
    const use = useOf(approval);

    const first = await store.consume(approval.id, use, now);
    const second = await store.consume(approval.id, use, now);

    expect(first.outcome).toBe('consumed');
    expect(first.outcome === 'consumed' && first.approval).toMatchObject({
      status: 'used',
      used_at: use.used_at,
      used_by_invocation: use.invocation_id,
      decided_by: APPROVE.decided_by,
    });
    expect(second.outcome).toBe('used');
  });

  it('should let exactly one of many concurrent consumes win', async () => {
    const approval = approvalFixture(now);
    await store.create(approval);
    await store.decide(approval.id, 'acme', APPROVE, now);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.consume(approval.id, useOf(approval, { invocation_id: `inv-${index}` }), now),
      ),
    );

    expect(results.filter((result) => result.outcome === 'consumed')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'used')).toHaveLength(19);
  });

  it.each([
    ['session', { session_id: 'session-b' }],
    ['tool', { tool_name: 'fs.delete' }],
    ['args', { args_sha256: 'b'.repeat(64) }],
  ])('should refuse as mismatch when the %s differs, and stay approved', async (_, change) => {
    const approval = approvalFixture(now);
    await store.create(approval);
    await store.decide(approval.id, 'acme', APPROVE, now);

    const result = await store.consume(approval.id, useOf(approval, change), now);

    expect(result.outcome).toBe('mismatch');
    expect((await store.get(approval.id))?.status).toBe('approved');
  });

  it('should refuse pending, denied, expired and foreign requests without changing them', async () => {
    const pending = approvalFixture(now);
    const denied = approvalFixture(now);
    const expiring = approvalFixture(now);
    for (const approval of [pending, denied, expiring]) {
      await store.create(approval);
    }
    await store.decide(denied.id, 'acme', { ...APPROVE, status: 'denied' }, now);
    await store.decide(expiring.id, 'acme', APPROVE, now);

    expect((await store.consume(pending.id, useOf(pending), now)).outcome).toBe('pending');
    expect((await store.consume(denied.id, useOf(denied), now)).outcome).toBe('denied');
    expect((await store.consume(expiring.id, useOf(expiring), now + 900_000)).outcome).toBe(
      'expired',
    );
    expect(
      (await store.consume(expiring.id, useOf(expiring, { tenant: 'other' }), now)).outcome,
    ).toBe('missing');
    expect((await store.consume('apr-unknown', useOf(pending), now)).outcome).toBe('missing');
    expect((await store.get(expiring.id))?.status).toBe('approved');
  });
}

function omitStatus<T extends { status: unknown }>(value: T): Omit<T, 'status'> {
  const { status: _status, ...rest } = value;
  return rest;
}
