/** Ordered tool-level guards (D1–D4) and interceptors (E3), assembled in the invocations module. */
export const INVOCATION_GUARDS = Symbol('INVOCATION_GUARDS');
export const INVOCATION_INTERCEPTORS = Symbol('INVOCATION_INTERCEPTORS');
