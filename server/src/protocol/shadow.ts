/** `fearless/shadow`: captured queries replayed before and after a migration, results compared. */

import type { CaptureFormat } from '../shadow/capture/capturedQuery';

export const SHADOW_REQUEST = 'fearless/shadow';

export interface ShadowParams {
  textDocument: { uri: string };
  /** The capture: a file path or a file URI. */
  capture: string;
  formatIn?: CaptureFormat;
  rowsPerTable?: number;
  limit?: number;
  sample?: number;
}

export interface ShadowRequestResult {
  /** As `fearless shadow --format json` prints it. */
  report: Record<string, unknown>;
  markdown: string;
}
