import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadAppConfig } from '#app/config';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { KubernetesClient } from '#app/kubernetes';
import { ContainerRuntime } from './container-runtime.port.js';
import { ContainerTaskPods } from './container-task-pods.js';
import { ContainerToolsModule } from './container-tools.module.js';
import { LocalContainerRuntime } from './local-container-runtime.js';

// Stands in for the global WorkspaceModule with the local backend (no Kubernetes client).
@Global()
@Module({
  providers: [{ provide: KubernetesClient, useValue: KubernetesClient.NONE }],
  exports: [KubernetesClient],
})
class LocalKubeModule {}

describe('ContainerToolsModule', () => {
  let registry: ToolRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadAppConfig({})),
        LocalKubeModule,
        ToolRegistryModule,
        ContainerToolsModule,
      ],
    }).compile();
    await moduleRef.init();
    registry = moduleRef.get(ToolRegistry);
  });

  it.each([
    ['container.ps', 'none', 'low', false, 45],
    ['container.logs', 'none', 'low', false, 60],
    ['container.run', 'reversible', 'medium', true, 90],
    ['container.exec', 'reversible', 'medium', true, 90],
  ])('should publish the catalog row of %s', (name, sideEffects, risk, approval, timeout) => {
    expect(registry.get(name)?.capability).toMatchObject({
      scope: 'workspace',
      side_effects: sideEffects,
      risk_level: risk,
      requires_approval: approval,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: timeout, max_retries: 0, output_limit_kb: 2048 },
    });
  });

  it('should bind the documented arg_fields', () => {
    expect(registry.get('container.run')?.capability.policy).toEqual({
      arg_fields: [
        {
          field: 'image_ref',
          max_length: 255,
          deny_characters: [' ', '\t', '\n', '\r', ';', '|', '&'],
        },
        { field: 'name', max_length: 80 },
        {
          field: 'command',
          multi: true,
          max_items: 32,
          max_length: 256,
          deny_characters: [';', '|', '&', '`', '$(', '>', '<', '\n', '\r'],
        },
      ],
    });
  });

  it('should enforce the documented argument ranges', () => {
    expect(registry.validateArgs('container.exec', { container_id: 'a', command: [] }).ok).toBe(
      false,
    );
    expect(
      registry.validateArgs('container.exec', {
        container_id: 'a',
        command: ['ls'],
        timeout_seconds: 601,
      }).ok,
    ).toBe(false);
    expect(
      registry.validateArgs('container.run', {
        image_ref: 'a',
        command: Array.from({ length: 33 }, () => 'x'),
      }).ok,
    ).toBe(false);
    expect(registry.validateArgs('container.run', { image_ref: 'a', env: { A: 1 } }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('container.logs', { container_id: 'a', max_bytes: 1023 }).ok).toBe(
      false,
    );
    expect(registry.validateArgs('container.ps', { limit: 500 }).ok).toBe(true);
  });
});

describe('ContainerToolsModule runtime binding', () => {
  async function boundRuntime(env: Record<string, string>): Promise<ContainerRuntime> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadAppConfig(env)),
        LocalKubeModule,
        ToolRegistryModule,
        ContainerToolsModule,
      ],
    }).compile();
    return moduleRef.get(ContainerRuntime);
  }

  it('should bind the local runtime when the workspace backend is local', async () => {
    expect(await boundRuntime({})).toBeInstanceOf(LocalContainerRuntime);
  });

  it('should bind the task pods when the workspace backend is kubernetes', async () => {
    expect(await boundRuntime({ WORKSPACE_BACKEND: 'kubernetes' })).toBeInstanceOf(
      ContainerTaskPods,
    );
  });
});
