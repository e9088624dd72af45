export * from './kafka-mock-cluster.process.js';
export * from './kafka-profiles.fixture.js';
