import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { AppException } from '#app/errors';
import { DrainingGuard } from './draining.guard.js';
import { ServedWhileDraining } from './served-while-draining.decorator.js';
import { ServiceState } from './service-state.js';

@Controller()
class ProbeController {
  @Get('healthz')
  @ServedWhileDraining()
  handle(): void {}
}

@Controller()
class ApiController {
  @Get('v1/x')
  handle(): void {}
}

function contextFor(controller: new () => object, url: string): ExecutionContextHost {
  const context = new ExecutionContextHost([{ url, headers: {} }, {}]);
  context.setType('http');
  const handler = (controller.prototype as Record<string, () => void>)['handle'];
  Object.assign(context, { getHandler: () => handler, getClass: () => controller });
  return context;
}

describe('DrainingGuard', () => {
  const state = new ServiceState();
  const guard = new DrainingGuard(state, new Reflector());
  afterEach(() => {
    state.draining = false;
  });

  it.each(['/healthz', '/readyz', '/v1/x'])(
    'should refuse an unmarked route while draining even at %j',
    (url) => {
      state.draining = true;
      expect(() => guard.canActivate(contextFor(ApiController, url))).toThrow(AppException);
    },
  );

  it.each(['/%68ealthz', '/anything'])(
    'should serve a @ServedWhileDraining() route whatever the URL (%j)',
    (url) => {
      state.draining = true;
      expect(guard.canActivate(contextFor(ProbeController, url))).toBe(true);
    },
  );

  it('should serve everything when not draining', () => {
    expect(guard.canActivate(contextFor(ApiController, '/v1/x'))).toBe(true);
  });
});
