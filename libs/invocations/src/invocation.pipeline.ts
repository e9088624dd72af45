import { Injectable } from '@nestjs/common';
import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import { InFlightInvocations, SessionActivity } from '#app/sessions';
import { Clock } from '#app/stores';
import { CorrelationReplay } from './correlation-replay.js';
import { InvocationAdmission, type InvokeRequest } from './invocation-admission.js';
import type { InvocationContext } from './invocation-context.js';
import { InvocationExecutor } from './invocation-executor.js';
import { InvocationGates } from './invocation-gates.js';
import type { InvocationHandle } from './invocation-handle.js';
import type { InvocationOutcome } from './invocation-outcome.js';
import { InvocationRecorder } from './invocation-recorder.js';
import { responseError } from './invocation-response.js';

export type { InvokeRequest } from './invocation-admission.js';

/**
 * What the invoke route answers: `accepted` for an async invocation that passed its gates (or the
 * replay of one still running): 202 with the running record (API.md 5.10).
 */
export interface InvokeAnswer {
  invocation: Invocation;
  accepted: boolean;
}

/**
 * The invoke pipeline of API.md section 6, top to bottom. Phase A rejects before any record exists;
 * from C1 on the invocation's handle owns the record, and every outcome is recorded, audited and
 * counted. Answers with the succeeded record (or an accepted async one) or throws an
 * `AppException` carrying the record.
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
    private readonly inFlight: InFlightInvocations,
    private readonly logger: JsonLogger,
    private readonly activity: SessionActivity,
  ) {}

  /** The synchronous answer's record (nested callers and specs). */
  async invoke(request: InvokeRequest): Promise<Invocation> {
    return (await this.answer(request)).invocation;
  }

  async answer(request: InvokeRequest): Promise<InvokeAnswer> {
    const context = this.admission.admit(request); // A5–A8
    const ownerId = await this.replay.ownerOf(context); // B1
    if (ownerId) {
      return this.replay.answer(ownerId);
    }
    const handle = await this.recorder.start(context); // C1
    let detached = false;
    try {
      // Activity (API.md 8.2): the invocation starting and, when it ends, ending; a running one
      // (async included) is kept fresh by the activity ticks.
      await this.activity.touch(context.session.id);
      const claim = await handle.claimCorrelation(); // C1: a concurrent twin may own the key
      if (claim.status === 'lost') {
        return await this.replay.answer(claim.ownerId);
      }
      const gate = claim.status === 'owned' ? await this.gates.pass(context, handle) : claim; // D1–D4
      if (gate.status === 'passed' && context.async) {
        // Every refusal above answered as a synchronous call would; from here the tool runs on
        // without the request, and the handle (slots, record) goes with it.
        detached = true;
        this.inFlight.keep(this.runDetached(context, handle));
        return { invocation: handle.record, accepted: true };
      }
      const final =
        gate.status === 'passed' ? await this.run(context, handle) : await this.end(handle, gate);
      return { invocation: final, accepted: false };
    } finally {
      if (!detached) {
        await handle.close(); // releases the gates' slots; no record is left running
        await this.activity.touch(context.session.id);
      }
    }
  }

  /** E1–E9 for a call whose gates passed. */
  private async run(context: InvocationContext, handle: InvocationHandle): Promise<Invocation> {
    handle.events.running(handle.record);
    const outcome = await this.executor.execute(context, handle.events); // E1–E8
    return this.end(handle, outcome);
  }

  /** E9: the terminal record; an unsuccessful one is thrown as its HTTP error. */
  private async end(handle: InvocationHandle, outcome: InvocationOutcome): Promise<Invocation> {
    const final = await handle.finish(outcome);
    if (outcome.status !== 'succeeded') {
      throw responseError(final, outcome.headers ?? {}, this.clock.now(), outcome.details);
    }
    return final;
  }

  // The background half of an async invocation: recorded exactly as a synchronous one, its
  // unsuccessful outcome kept in the record (nobody waits for the HTTP error). Never rejects.
  private async runDetached(context: InvocationContext, handle: InvocationHandle): Promise<void> {
    try {
      await this.run(context, handle);
    } catch (error) {
      if (!isAnsweredFailure(error)) {
        this.logger.write('error', 'async invocation failed outside its record', {
          invocation_id: context.invocationId,
          error,
        });
      }
    } finally {
      await handle.close();
      await this.activity.touch(context.session.id);
    }
  }
}

/** The thrown form of a recorded outcome (or a failed save, logged by the handle already). */
function isAnsweredFailure(error: unknown): boolean {
  return error instanceof AppException && error.invocation !== undefined;
}
