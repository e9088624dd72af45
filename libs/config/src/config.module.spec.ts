import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from './app-config.js';
import { ConfigModule } from './config.module.js';
import { loadAppConfig } from './load-app-config.js';

@Injectable()
class PortReader {
  constructor(readonly config: AppConfig) {}
}

@Module({ providers: [PortReader], exports: [PortReader] })
class FeatureModule {}

describe('ConfigModule', () => {
  it('should inject the given AppConfig into other modules when registered with forRoot', async () => {
    const config = loadAppConfig({ PORT: '8080' });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), FeatureModule],
    }).compile();

    const reader = moduleRef.get(PortReader);

    expect(reader.config).toBe(config);
    expect(reader.config.server.port).toBe(8080);
    await moduleRef.close();
  });
});
