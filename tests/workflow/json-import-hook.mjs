// Node module hook for tests/workflow: @actions/workflow-parser imports its JSON schema without the import attribute
// that Node's ESM loader requires (`with { type: 'json' }`); this adds it for .json files, nothing else.
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
