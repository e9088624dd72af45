import { Injectable } from '@nestjs/common';

/** Readiness and drain state shared by health, the drain guard and shutdown (API.md 12). */
@Injectable()
export class ServiceState {
  ready = false;
  draining = false;
}
