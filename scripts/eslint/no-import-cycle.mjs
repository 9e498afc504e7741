// ESLint rule `lockstep/no-import-cycle`: no import cycle between the project's modules, `import type` included
// (`import/no-cycle` skips type-only imports), and no loop between the folders of lib/ and server/. The graph is
// built once per lint run (scripts/eslint/import-graph.mjs).
import { relative } from 'node:path';
import { importCycles, layerFolder } from './import-graph.mjs';

const graphs = new Map();
const graphOf = (root) => {
  if (!graphs.has(root)) graphs.set(root, importCycles(root));
  return graphs.get(root);
};

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycle (type-only imports included) and no folder loop in lib/ and server/.' },
    schema: [],
    messages: {
      fileCycle: 'Import cycle (type-only imports count): {{files}}. Move what both need into a module of its own.',
      folderLoop: 'Folder loop {{folders}}: {{from}} imports {{to}} and {{to}} (through some file) imports {{from}}.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const graph = graphOf(root);
    if (!graph.edges.has(file)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const target = graph.resolveSpec(file, spec);
      if (!target) return;
      const cycle = graph.fileCycleOf.get(file);
      if (cycle && cycle.includes(target)) {
        context.report({ node, messageId: 'fileCycle', data: { files: cycle.map((f) => relative(root, f)).join(', ') } });
        return;
      }
      const from = layerFolder(root, file);
      const to = layerFolder(root, target);
      const loop = from && graph.folderLoopOf.get(from);
      if (loop && to && to !== from && loop.includes(to)) context.report({ node, messageId: 'folderLoop', data: { folders: loop.join(' <-> '), from, to } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const plugin = { rules: { 'no-import-cycle': noImportCycle } };
export default plugin;
