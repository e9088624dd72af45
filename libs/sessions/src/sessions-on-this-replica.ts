/**
 * What this replica knows about sessions beyond the store: shared by creation, lookup, close and
 * the sweep pass of one `SessionService`.
 */
export class SessionsOnThisReplica {
  // Ids being provisioned on this replica: claimed before the workspace exists so two concurrent
  // creates of one id cannot both provision. The store claim at the end is the cross-replica guard.
  readonly provisioning = new Set<string>();
  // Sessions whose workspace this replica created or served: what the sweeper checks for idleness
  // when the store cannot enumerate (Valkey, API.md 8.2). Lost on restart; lookups and the orphan
  // pass cover those.
  readonly servedHere = new Set<string>();
}
