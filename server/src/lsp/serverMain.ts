/** Entry of the bundled server the VS Code client starts (transport chosen by argv: --node-ipc or --stdio). */

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server';
import { FEARLESS_VERSION } from '../version';

startLanguageServer(createConnection(ProposedFeatures.all), FEARLESS_VERSION);
