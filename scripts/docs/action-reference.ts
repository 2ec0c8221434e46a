import { parse } from 'yaml';
import { code, table } from './markdown.js';

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

/** docs/action.md's tables, from action.yml: what the runner reads is what the page says. */
export function actionReference(actionYml: string): { 'action-inputs': string; 'action-outputs': string } {
  const action = parse(actionYml) as ActionMetadata;
  const inputs = Object.entries(action.inputs).map(([name, input]) => [
    code(name),
    input.description,
    input.default === undefined ? '' : code(input.default),
  ]);
  const outputs = Object.entries(action.outputs).map(([name, output]) => [code(name), output.description]);
  return { 'action-inputs': table(['input', 'meaning', 'default'], inputs), 'action-outputs': table(['output', 'meaning'], outputs) };
}
