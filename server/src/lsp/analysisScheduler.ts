/**
 * Coalesces analysis requests per document. A burst of edits costs one
 * analysis of the newest text plus at most one already in flight: requests
 * that arrive while an analysis runs are folded into a single rerun. There
 * is no fixed debounce delay, so a single edit is answered as soon as the
 * event loop is free.
 */

type Analyze = (uri: string) => Promise<void>;
type ReportError = (uri: string, error: unknown) => void;

interface DocumentState {
  running: boolean;
  rerun: boolean;
  queued: boolean;
}

export class AnalysisScheduler {
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly analyze: Analyze,
    private readonly reportError: ReportError,
  ) {}

  request(uri: string): void {
    let state = this.states.get(uri);
    if (!state) {
      state = { running: false, rerun: false, queued: false };
      this.states.set(uri, state);
    }
    if (state.running) {
      state.rerun = true;
      return;
    }
    if (state.queued) return;
    state.queued = true;
    setImmediate(() => void this.run(uri));
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const state = this.states.get(uri);
    if (!state) return;
    state.queued = false;
    state.running = true;
    state.rerun = false;
    try {
      await this.analyze(uri);
    } catch (error) {
      this.reportError(uri, error);
    } finally {
      state.running = false;
    }
    if (state.rerun && this.states.get(uri) === state) {
      state.rerun = false;
      this.request(uri);
    }
  }
}
