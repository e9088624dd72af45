// Stand-in for the native `snappy` package, which mongodb-mock-server require()s at load time.
// Its native build was denied in this repository, and it is never needed: the tests' MongoClient
// negotiates no compressor (none is configured), so the fake never sees OP_COMPRESSED with snappy.
// Mapped by `moduleNameMapper` in jest.config.ts; any use fails loudly.
function unavailable() {
  throw new Error('snappy is stubbed in tests: compression must not be negotiated');
}

module.exports = {
  compress: unavailable,
  compressSync: unavailable,
  uncompress: unavailable,
  uncompressSync: unavailable,
};
