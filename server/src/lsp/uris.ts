import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file a `file:` URI names; undefined for other schemes (untitled buffers, git views). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
