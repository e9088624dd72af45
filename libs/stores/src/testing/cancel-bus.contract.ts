import type { CancelBus } from '../cancel-bus.port.js';

/**
 * Two replicas' buses on one backend: `sender` publishes, `receiver` listens (the same bus for the
 * in-process adapter, where the process is the whole service).
 */
export interface BusesUnderTest {
  sender: CancelBus;
  receiver: CancelBus;
  cleanup(): Promise<void>;
}

/** Polls until `probe` holds (pub/sub delivery is asynchronous); fails after 10 s. */
export async function eventually(
  what: string,
  probe: () => boolean | Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within 10 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Behaviour every `CancelBus` adapter shares (API.md 5.18, docs/STORES.md "Cancels"). */
export function cancelBusContract(create: () => Promise<BusesUnderTest>): void {
  let buses: BusesUnderTest;

  beforeEach(async () => {
    buses = await create();
  });

  afterEach(async () => {
    await buses.cleanup();
  });

  it('should find nothing requested for ids never cancelled', async () => {
    expect(await buses.receiver.requested(['inv-1111111111111111'])).toEqual([]);
  });

  it('should deliver a published invocation id to the listening replica, once', async () => {
    const heard: string[] = [];
    await buses.receiver.listen((id) => heard.push(id));
    expect(buses.receiver.listening).toBe(true);

    await buses.sender.publish('inv-0123456789abcdef');
    await buses.sender.publish('inv-fedcba9876543210');

    await eventually('both cancels heard', () => heard.length >= 2);
    expect(heard).toEqual(['inv-0123456789abcdef', 'inv-fedcba9876543210']);
  });

  it('should publish without error when no replica listens (nobody runs it)', async () => {
    await expect(buses.sender.publish('inv-0000000000000000')).resolves.toBeUndefined();
  });
}
