import { Injectable } from '@nestjs/common';
import type { Invocation } from '#app/contracts';
import { SessionActivity } from '#app/sessions';
import { Clock } from '#app/stores';
import { CorrelationReplay } from './correlation-replay.js';
import { InvocationAdmission, type InvokeRequest } from './invocation-admission.js';
import { InvocationExecutor } from './invocation-executor.js';
import { InvocationGates } from './invocation-gates.js';
import { InvocationRecorder } from './invocation-recorder.js';
import { responseError } from './invocation-response.js';

export type { InvokeRequest } from './invocation-admission.js';

/**
 * The invoke pipeline of API.md section 6, top to bottom. Phase A rejects before any record exists;
 * from C1 on the invocation's handle owns the record, and every outcome is recorded, audited and
 * counted. Returns the succeeded record or throws an `AppException` carrying the record.
 */
@Injectable()
export class InvocationPipeline {
  constructor(
    private readonly admission: InvocationAdmission,
    private readonly replay: CorrelationReplay,
    private readonly recorder: InvocationRecorder,
    private readonly gates: InvocationGates,
    private readonly executor: InvocationExecutor,
    private readonly clock: Clock,
    private readonly activity: SessionActivity,
  ) {}

  async invoke(request: InvokeRequest): Promise<Invocation> {
    const context = this.admission.admit(request); // A5–A8
    const ownerId = await this.replay.ownerOf(context); // B1
    if (ownerId) {
      return this.replay.answer(ownerId);
    }
    const handle = await this.recorder.start(context); // C1
    try {
      // Activity (API.md 8.2): the invocation starting and, below, ending; a running one is kept
      // fresh by the activity ticks.
      await this.activity.touch(context.session.id);
      const claim = await handle.claimCorrelation(); // C1: a concurrent twin may own the key
      if (claim.status === 'lost') {
        return await this.replay.answer(claim.ownerId);
      }
      const gate = claim.status === 'owned' ? await this.gates.pass(context, handle) : claim; // D1–D4
      const outcome = gate.status === 'passed' ? await this.executor.execute(context) : gate; // E1–E8
      const final = await handle.finish(outcome); // E9
      if (outcome.status !== 'succeeded') {
        throw responseError(final, outcome.headers ?? {}, this.clock.now());
      }
      return final;
    } finally {
      await handle.close(); // releases the gates' slots; no record is left running
      await this.activity.touch(context.session.id);
    }
  }
}
