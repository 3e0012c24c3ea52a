// The API reference of the package (API.md in dist/package), written by the build from the runtime's own
// TypeScript: every export of its entries (`@msefnhst/privacy-notice` and `/core`), its declaration and its
// doc comment (a test fails on an export without one). Node-only.
import ts from 'typescript';
import { join } from 'node:path';

const entries = [
  { specifier: '@msefnhst/privacy-notice', file: 'browser.ts', note: 'In Node the `node` export condition loads node.ts, which exports the same names (its `loadSharingPolicy` and `defaultUrls` read files and file: URLs).' },
  { specifier: '@msefnhst/privacy-notice/core', file: 'core.ts', note: 'No I/O: the WASM bytes and the data are arguments.' },
  { specifier: '@msefnhst/privacy-notice/edge', file: 'edge.ts', note: 'The main entry\'s API with no OPA SDK: the module is loaded by OPA\'s WebAssembly ABI alone, for a small bundle (browsers, edge runtimes). It fetches the package\'s files as the browser entry does, or takes them as arguments.' },
];

export interface ApiExport {
  name: string;
  kind: string;
  declaration: string;
  doc: string;
}

function kindOf(declaration: ts.Declaration): string {
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isClassDeclaration(declaration)) return 'class';
  if (ts.isInterfaceDeclaration(declaration)) return 'interface';
  if (ts.isTypeAliasDeclaration(declaration)) return 'type';
  if (ts.isVariableDeclaration(declaration)) return 'const';
  return ts.SyntaxKind[declaration.kind] ?? 'export';
}

/** The declaration as written, without its body (a function's signature, an interface whole, a const's type). */
function declarationText(declaration: ts.Declaration, checker: ts.TypeChecker): string {
  const source = declaration.getSourceFile();
  if (ts.isFunctionDeclaration(declaration)) {
    const end = declaration.body ? declaration.body.getStart(source) : declaration.getEnd();
    return source.text.slice(declaration.getStart(source), end).trim().replace(/^export\s+/, '');
  }
  if (ts.isVariableDeclaration(declaration)) return `const ${declaration.name.getText(source)}: ${checker.typeToString(checker.getTypeAtLocation(declaration), undefined, ts.TypeFormatFlags.NoTruncation)}`;
  if (ts.isClassDeclaration(declaration)) return classText(declaration, checker);
  // Whole: a reference that cuts an interface short hides its last members.
  return source.text.slice(declaration.getStart(source), declaration.getEnd()).trim().replace(/^export\s+/, '');
}

/**
 * A class as its users meet it: its heritage, and each public member (a property with its type, read from
 * the checker where the source gives only a value, and the constructor's signature), each with its doc
 * comment; no bodies, nothing private.
 */
function classText(declaration: ts.ClassDeclaration, checker: ts.TypeChecker): string {
  const source = declaration.getSourceFile();
  const head = `class ${declaration.name?.getText(source) ?? ''}${declaration.heritageClauses ? ` ${declaration.heritageClauses.map((h) => h.getText(source)).join(' ')}` : ''}`;
  const members: string[] = [];
  for (const member of declaration.members) {
    const modifiers = ts.getCombinedModifierFlags(member as ts.Declaration);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || (member.name && ts.isPrivateIdentifier(member.name))) continue;
    const symbol = member.name ? checker.getSymbolAtLocation(member.name) : undefined;
    const doc = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
    let text: string | undefined;
    if (ts.isPropertyDeclaration(member)) {
      const words = [modifiers & ts.ModifierFlags.Static ? 'static' : '', modifiers & ts.ModifierFlags.Readonly ? 'readonly' : ''].filter(Boolean).join(' ');
      const type = member.type ? member.type.getText(source) : checker.typeToString(checker.getTypeAtLocation(member), undefined, ts.TypeFormatFlags.NoTruncation);
      text = `${words ? `${words} ` : ''}${member.name.getText(source)}${member.questionToken ? '?' : ''}: ${type};`;
    } else if (ts.isConstructorDeclaration(member)) {
      text = `constructor(${member.parameters.map((p) => p.getText(source)).join(', ')});`;
    }
    if (text) members.push(...(doc ? [`/** ${doc.replace(/\n/g, ' ')} */`] : []), text);
  }
  return members.length === 0 ? head : `${head} {\n${members.map((line) => `  ${line}`).join('\n')}\n}`;
}

/** Every export of each entry, with its declaration and doc comment. */
export function apiExports(runtimeDir: string): { specifier: string; note: string; exports: ApiExport[] }[] {
  const program = ts.createProgram(entries.map((e) => join(runtimeDir, e.file)), { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, strict: true, allowJs: true });
  const checker = program.getTypeChecker();
  return entries.map((entry) => {
    const source = program.getSourceFile(join(runtimeDir, entry.file))!;
    const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
    const exports = symbols.map((symbol): ApiExport => {
      const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = resolved.declarations?.[0];
      const doc = ts.displayPartsToString(resolved.getDocumentationComment(checker)).trim();
      return { name: symbol.name, kind: declaration ? kindOf(declaration) : 'export', declaration: declaration ? declarationText(declaration, checker) : symbol.name, doc };
    });
    return { ...entry, exports: exports.sort((a, b) => a.name.localeCompare(b.name)) };
  });
}

export function apiMarkdown(runtimeDir: string): string {
  const lines = ['# API reference', '', 'Written by `npm run build` from the runtime\'s TypeScript (scripts/compile/api-docs.ts): its types, with this notice\'s ids.', ''];
  for (const entry of apiExports(runtimeDir)) {
    lines.push(`## \`${entry.specifier}\``, '', entry.note, '');
    for (const item of entry.exports) {
      lines.push(`### \`${item.name}\` (${item.kind})`, '', item.doc, '', '```ts', item.declaration, '```', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
