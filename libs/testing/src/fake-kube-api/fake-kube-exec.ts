import { spawn } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { snapshotProcessEnvironment } from '#app/config';

const FLOW_HIGH_WATER = 1024 * 1024;
const FLOW_LOW_WATER = 256 * 1024;

export interface ExecRecord {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  protocol: string;
}

/**
 * The pods/exec WebSocket channel protocol (v5.channel.k8s.io, falling back to v4): channel 0
 * stdin, 1 stdout, 2 stderr, 3 the status JSON; in v5 the client's `[255, 0]` closes stdin. The
 * requested argv really runs on this machine, with the pod's `/workspace` mapped to a local directory.
 */
export class FakeKubeExec {
  /** Sub-protocols this server speaks, preferred first; a test may drop v5 to play a pre-1.30 server. */
  protocols: string[] = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
  private readonly server = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => this.protocols.find((protocol) => offered.has(protocol)) ?? false,
  });
  readonly records: ExecRecord[] = [];
  /**
   * Tests may refuse an exec as the API server does when the container cannot take it (e.g. it
   * is not running): the upgrade is answered with this `Status` code instead of 101.
   */
  refusal: (exec: Omit<ExecRecord, 'protocol'>) => number | undefined = () => undefined;

  constructor(
    private readonly workspaceDirOf: (namespace: string, pod: string) => string | undefined,
  ) {}

  upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    namespace: string,
    pod: string,
    query: URLSearchParams,
  ): void {
    const local = this.workspaceDirOf(namespace, pod);
    if (local === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const command = query.getAll('command');
    const container = query.get('container') ?? '';
    const refused = this.refusal({ namespace, pod, container, command });
    if (refused !== undefined) {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: `container ${container} is not valid for pod ${pod}`,
        reason: 'BadRequest',
        code: refused,
      });
      socket.end(
        `HTTP/1.1 ${refused} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.records.push({
        namespace,
        pod,
        container,
        command,
        protocol: ws.protocol,
      });
      this.run(
        ws,
        command.map((word) => word.replaceAll('/workspace', local)),
        query.get('stdin') === 'true',
      );
    });
  }

  close(): void {
    for (const client of this.server.clients) {
      client.terminate();
    }
    this.server.close();
  }

  private run(ws: WebSocket, argv: string[], withStdin: boolean): void {
    const [program = 'sh', ...args] = argv;
    const child = spawn(program, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: snapshotProcessEnvironment()['PATH'] ?? '/usr/bin:/bin' },
      // Its own process group, so what the shell started dies with it (the container's processes).
      detached: true,
    });
    // Flow control as a kubelet has it: a slow reader of stdout stops the process's output, a
    // process slow to read stdin stops the socket, so neither side is buffered without bound.
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState !== ws.OPEN) {
        return;
      }
      ws.send(Buffer.concat([Buffer.from([channel]), data]), () => {
        if (ws.bufferedAmount <= FLOW_LOW_WATER) {
          child.stdout.resume();
        }
      });
      if (ws.bufferedAmount > FLOW_HIGH_WATER) {
        child.stdout.pause();
      }
    };
    child.stdout.on('data', (chunk: Buffer) => send(1, chunk));
    child.stderr.on('data', (chunk: Buffer) => send(2, chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.on('drain', () => ws.resume());
    if (!withStdin) {
      child.stdin.end();
    }
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      if (channel === 0) {
        if (!child.stdin.write(data.subarray(1))) {
          ws.pause();
        }
      } else if (channel === 255 && data[1] === 0) {
        child.stdin.end();
      }
    });
    // The client went away (deadline): the remote process is killed, as a real kubelet would.
    ws.on('close', () => {
      if (child.exitCode === null) {
        killGroup(child.pid);
      }
    });
    child.on('error', (error) => {
      send(2, Buffer.from(`exec: ${error.message}\n`));
      send(3, Buffer.from(JSON.stringify(failure(127))));
      ws.close();
    });
    child.on('close', (code) => {
      const status = code === 0 ? { metadata: {}, status: 'Success' } : failure(code ?? 137);
      send(3, Buffer.from(JSON.stringify(status)));
      ws.close();
    });
  }
}

function failure(code: number): object {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [...], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
