import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '@parley/testing/kit';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** How long a node may take from spawn to its "parley started" line (on a busy 2-core machine). */
const START_TIMEOUT_MS = 45_000;
/** How long SIGTERM gets before SIGKILL. */
const STOP_TIMEOUT_MS = 8_000;
/** The captured output kept per process (the tail matters when a test fails). */
const MAX_OUTPUT_CHARS = 400_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The addresses a node printed in its "parley started" log line. */
export interface StartedLine {
  admin?: string;
  gateway?: string;
}

/** One Parley server running as its own OS process (`node apps/server/src/main.ts`, as `npm start`). */
export class NodeProcess {
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  readonly #label: string;
  #output = '';
  #lineBuffer = '';
  #started: ((line: StartedLine) => void) | undefined;
  #exit: Exit | undefined;

  private constructor(label: string, env: Record<string, string>) {
    this.#label = label;
    this.#child = spawn(process.execPath, ['apps/server/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#onStdout(chunk));
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#append(chunk));
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
      this.#child.once('error', (error) => {
        this.#append(`spawn failed: ${error.message}\n`);
        this.#exit = { code: null, signal: null };
        resolve(this.#exit);
      });
    });
  }

  /** Spawns the process and resolves with the addresses it printed once started; kills it if it never starts. */
  static async start(
    label: string,
    env: Record<string, string>,
  ): Promise<{ node: NodeProcess; started: StartedLine }> {
    const node = new NodeProcess(label, env);
    const started = new Promise<StartedLine>((resolve) => {
      node.#started = resolve;
    });
    const exitedEarly = node.exited.then((exit) => {
      throw new Error(`${label} exited before it started (${JSON.stringify(exit)}):\n${node.output()}`);
    });
    try {
      const line = await withTimeout(
        Promise.race([started, exitedEarly]),
        START_TIMEOUT_MS,
        `${label} to print "parley started"`,
      );
      return { node, started: line };
    } catch (error) {
      await node.kill();
      throw error;
    }
  }

  get label(): string {
    return this.#label;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get isRunning(): boolean {
    return this.#exit === undefined;
  }

  /** Everything the process wrote to stdout and stderr (the tail, when it wrote a lot). */
  output(): string {
    return this.#output;
  }

  /** SIGKILL by PID, as a crash would: no goodbye to clients, no unregistering. Resolves once it exited. */
  async kill(): Promise<Exit> {
    if (this.#exit) return this.#exit;
    this.#child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM (a clean stop), then SIGKILL when it has not exited within the bound. */
  async stop(): Promise<Exit> {
    if (this.#exit) return this.#exit;
    this.#child.kill('SIGTERM');
    try {
      return await withTimeout(this.exited, STOP_TIMEOUT_MS, `${this.#label} to exit after SIGTERM`);
    } catch {
      this.#append(`[test] ${this.#label} ignored SIGTERM for ${STOP_TIMEOUT_MS} ms: SIGKILL\n`);
      return this.kill();
    }
  }

  #onStdout(chunk: string): void {
    this.#append(chunk);
    this.#lineBuffer += chunk;
    let newline = this.#lineBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.#lineBuffer.slice(0, newline);
      this.#lineBuffer = this.#lineBuffer.slice(newline + 1);
      this.#onLine(line);
      newline = this.#lineBuffer.indexOf('\n');
    }
  }

  #onLine(line: string): void {
    if (!this.#started || !line.startsWith('{')) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    const { msg, admin, gateway } = record as { msg?: unknown; admin?: unknown; gateway?: unknown };
    if (msg !== 'parley started') return;
    const started: StartedLine = {};
    if (typeof admin === 'string') started.admin = admin;
    if (typeof gateway === 'string') started.gateway = gateway;
    this.#started(started);
    this.#started = undefined;
  }

  #append(chunk: string): void {
    this.#output += chunk;
    if (this.#output.length > MAX_OUTPUT_CHARS) this.#output = this.#output.slice(-MAX_OUTPUT_CHARS);
  }
}
