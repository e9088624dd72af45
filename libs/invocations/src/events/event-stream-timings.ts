import { Injectable } from '@nestjs/common';

/**
 * How often an open event stream sends `: keepalive` and re-checks the record (API.md 5.17). A
 * provider rather than a constant so tests can shorten it on the running app.
 */
@Injectable()
export class EventStreamTimings {
  keepaliveMs = 15_000;
}
