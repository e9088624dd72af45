import type { components } from './generated/openapi.js';

/** The objects of API.md 2, as the service's OpenAPI document describes them. */
type Schemas = components['schemas'];

export type Session = Schemas['Session'];
export type Capability = Schemas['Capability'];
export type Invocation = Schemas['Invocation'];
export type LogLine = Schemas['LogLine'];
export type Artifact = Schemas['Artifact'];
export type Approval = Schemas['Approval'];
export type ExplainDecision = Schemas['ExplainDecision'];
export type ErrorEnvelope = Schemas['Error'];
export type CreateSessionRequest = Schemas['CreateSessionRequest'];
export type ForkSessionRequest = Schemas['ForkSessionRequest'];
export type RenewSessionRequest = Schemas['RenewSessionRequest'];
export type InvokeRequest = Schemas['InvokeRequest'];
export type ApprovalStatus = Approval['status'];
