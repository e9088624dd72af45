import { deliverSafely, type OutputChunk, type OutputListener } from '#app/contracts';

const BWRAP_PREFIX = 'bwrap: ';

/**
 * Live output of a sandboxed run, minus bwrap's own messages. bwrap reports a sandbox it cannot
 * create, a program it cannot exec or a working directory it cannot enter on the program's stderr
 * (`bwrap: …`); the runner turns those into a 503 or a start failure, so a listener must not hear
 * them as the program's output. Stderr that begins like such a message is held until the end of
 * the run decides; anything else (and all of stdout) passes at once.
 */
export class SandboxStderrHold {
  private held: OutputChunk[] = [];
  private heldText = '';
  private holding = true;

  constructor(
    private readonly listener: OutputListener,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  readonly onOutput: OutputListener = (chunk) => {
    if (chunk.channel === 'stdout' || !this.holding) {
      this.listener(chunk);
      return;
    }
    this.held.push(chunk);
    this.heldText += chunk.text;
    if (!couldBeBwrapMessage(this.heldText)) {
      this.release();
    }
  };

  /** The run is over: what was held was the program's own stderr, pass it on. */
  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const chunk of held) {
      deliverSafely(this.listener, chunk, this.onListenerError);
    }
  }

  /** The run is over and what was held came from bwrap: it never reaches the listener. */
  drop(): void {
    this.holding = false;
    this.held = [];
  }
}

function couldBeBwrapMessage(text: string): boolean {
  return BWRAP_PREFIX.startsWith(text) || text.startsWith(BWRAP_PREFIX);
}
