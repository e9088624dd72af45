export * from './mongo-profiles.fixture.js';
export * from './mongo-wire-fake.js';
