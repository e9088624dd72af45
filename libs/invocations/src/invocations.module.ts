import { Global, Module } from '@nestjs/common';
import { SessionsModule } from '#app/sessions';
import { NestedToolInvoker } from '#app/tool-registry';
import { ArtifactPersister } from './artifact-persister.js';
import { CatalogView } from './catalog-view.js';
import { CorrelationReplay } from './correlation-replay.js';
import { EventStreamTimings } from './events/event-stream-timings.js';
import { InvocationEventPublisher } from './events/invocation-event-publisher.js';
import { InvocationEventStream } from './events/invocation-event-stream.js';
import { GovernedNestedToolInvoker } from './governed-nested-tool.invoker.js';
import { ApprovalGate } from './approvals/approval-gate.js';
import { ApprovalsController } from './approvals/approvals.controller.js';
import { ApprovalDecisions } from './approvals/approval-decisions.js';
import { ApprovalConsumeGuard } from './guards/approval-consume.guard.js';
import { ConcurrencyGuard } from './guards/concurrency.guard.js';
import { PolicyApprovalGuard } from './guards/policy-approval.guard.js';
import { RateLimitGuard } from './guards/rate-limit.guard.js';
import { RuntimeGuard } from './guards/runtime.guard.js';
import { ArtifactQuotaInterceptor } from './interceptors/artifact-quota.interceptor.js';
import { OutputQuotaInterceptor } from './interceptors/output-quota.interceptor.js';
import { InvocationAccessGuard } from './invocation-access.guard.js';
import { InvocationAdmission } from './invocation-admission.js';
import { InvocationArtifactReader } from './invocation-artifact-reader.js';
import { InvocationCancellation } from './invocation-cancellation.js';
import { InvocationExecutor } from './invocation-executor.js';
import { InvocationExplainer } from './invocation-explainer.js';
import { InvocationGates } from './invocation-gates.js';
import { InvocationHydrator } from './invocation-hydrator.js';
import { INVOCATION_GUARDS, INVOCATION_INTERCEPTORS } from './invocation-pipeline.tokens.js';
import { InvocationPipeline } from './invocation.pipeline.js';
import { InvocationRecorder } from './invocation-recorder.js';
import { InvocationsController } from './invocations.controller.js';
import { LostInvocations } from './lost-invocations.js';
import { ResultQuota } from './quotas/result-quota.js';
import { ReplicaHeartbeat } from './replica-heartbeat.js';
import { ToolRunner } from './tool-runner.js';
import { ToolsController } from './tools.controller.js';

/** Global so tool families can reach the `NestedToolInvoker` port without importing this module. */
@Global()
@Module({
  imports: [SessionsModule],
  controllers: [ToolsController, InvocationsController, ApprovalsController],
  providers: [
    RateLimitGuard,
    RuntimeGuard,
    PolicyApprovalGuard,
    ConcurrencyGuard,
    ApprovalConsumeGuard,
    ApprovalGate,
    ApprovalDecisions,
    OutputQuotaInterceptor,
    ArtifactQuotaInterceptor,
    // The order is the security order of API.md 6 D1–D5 and E3; it is fixed here, in one place.
    {
      provide: INVOCATION_GUARDS,
      inject: [
        RateLimitGuard,
        RuntimeGuard,
        PolicyApprovalGuard,
        ConcurrencyGuard,
        ApprovalConsumeGuard,
      ],
      useFactory: (...guards: unknown[]) => guards,
    },
    {
      provide: INVOCATION_INTERCEPTORS,
      inject: [OutputQuotaInterceptor, ArtifactQuotaInterceptor],
      useFactory: (...interceptors: unknown[]) => interceptors,
    },
    InvocationAccessGuard,
    InvocationArtifactReader,
    InvocationCancellation,
    InvocationHydrator,
    InvocationRecorder,
    InvocationEventPublisher,
    InvocationEventStream,
    EventStreamTimings,
    ArtifactPersister,
    ResultQuota,
    ToolRunner,
    CatalogView,
    InvocationAdmission,
    CorrelationReplay,
    InvocationGates,
    InvocationExecutor,
    InvocationPipeline,
    InvocationExplainer,
    LostInvocations,
    ReplicaHeartbeat,
    { provide: NestedToolInvoker, useClass: GovernedNestedToolInvoker },
  ],
  // CatalogView and InvocationPipeline: other front ends (MCP, API.md 5.24) list and invoke exactly as REST does.
  exports: [NestedToolInvoker, CatalogView, InvocationPipeline],
})
export class InvocationsModule {}
