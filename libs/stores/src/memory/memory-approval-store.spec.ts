import { approvalFixture, approvalStoreContract } from '../testing/approval-store.contract.js';
import { MemoryApprovalStore } from './memory-approval-store.js';

describe('MemoryApprovalStore', () => {
  approvalStoreContract(async () => ({
    store: new MemoryApprovalStore(900),
    cleanup: async () => undefined,
  }));

  it('should forget a record once its retention after expiry has passed', async () => {
    let now = Date.now();
    const store = new MemoryApprovalStore(60, () => now);
    const approval = approvalFixture(now, {}, 10);
    await store.create(approval);

    now += 69_000;
    expect(await store.get(approval.id)).not.toBeNull();

    now += 2_000;
    expect(await store.get(approval.id)).toBeNull();
    expect(await store.listForTenant('acme', 10)).toEqual([]);
  });
});
