// picomatch 4 ships no type declarations; this covers the one call this library makes.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    nocase?: boolean;
  }
  function picomatch(glob: string, options?: PicomatchOptions): (candidate: string) => boolean;
  export = picomatch;
}
