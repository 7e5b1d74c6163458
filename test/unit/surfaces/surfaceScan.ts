import path from 'node:path';
import ts from 'typescript';

/**
 * Finds every place in the extension's sources where a string reaches a VS Code surface that parses links, icons
 * or markdown, and checks that the string cannot carry text from X un-neutralised. The type checker does the
 * heavy lifting: `plainText()`/`markdownText()` return branded types, so "produced by the function" is a type
 * fact that survives variables, parameters and return values.
 *
 * An argument is safe when it is (recursively): of a branded type, a compile-time constant (string literal types,
 * numbers, booleans), `vscode.l10n.t('literal', ...safe)`, a template / `+` / `?:` / `??` / `||` of safe parts, a
 * `const` whose initializer is safe, an array of safe elements, or a call to an allowlisted helper of ours.
 */
export type Context = 'plain' | 'markdown';

export interface SinkSite {
  file: string;
  line: number;
  sink: string;
}

export interface Finding extends SinkSite {
  argument: string;
  reason: string;
}

/** An exception: `argument` is the exact source text of the argument at a sink in `file`. */
export interface AllowedArgument {
  file: string;
  argument: string;
  why: string;
}

/** A helper of ours whose result is always our own text (a time, a count), identified by file and name. */
export interface SafeHelper {
  file: string;
  name: string;
  why: string;
}

export interface ScanOptions {
  root: string;
  allowedArguments: readonly AllowedArgument[];
  safeHelpers: readonly SafeHelper[];
  /** The one file allowed to assert the branded types. */
  brandFile: string;
}

export interface ScanResult {
  sites: SinkSite[];
  findings: Finding[];
  /** Allowlist entries that matched (an entry that never matches is stale). */
  usedAllowances: Set<AllowedArgument>;
}

/** `validator`: a function whose results are rendered like a prompt (InputBox validation messages). */
type OptionCheck = Context | 'validator';
type ArgCheck = { kind: 'args'; context: Context; from?: number } | { kind: 'options'; props: Record<string, OptionCheck> } | { kind: 'items' } | { kind: 'typeArgItems' };

/** Calls, by fully qualified name in vscode.d.ts: what each argument is checked as. */
const CALL_SINKS: Record<string, ArgCheck[]> = {
  'window.showInformationMessage': [{ kind: 'args', context: 'plain' }],
  'window.showWarningMessage': [{ kind: 'args', context: 'plain' }],
  'window.showErrorMessage': [{ kind: 'args', context: 'plain' }],
  'window.setStatusBarMessage': [{ kind: 'args', context: 'plain' }],
  'window.withProgress': [{ kind: 'options', props: { title: 'plain' } }],
  'window.showQuickPick': [{ kind: 'items' }, { kind: 'options', props: { title: 'plain', placeHolder: 'plain', prompt: 'plain' } }],
  'window.showInputBox': [{ kind: 'options', props: { title: 'plain', prompt: 'plain', placeHolder: 'plain', validateInput: 'validator' } }],
  'window.createQuickPick': [{ kind: 'typeArgItems' }],
  'window.showOpenDialog': [{ kind: 'options', props: { title: 'plain', openLabel: 'plain' } }],
  'window.showSaveDialog': [{ kind: 'options', props: { title: 'plain', saveLabel: 'plain' } }],
  'window.createWebviewPanel': [{ kind: 'args', context: 'plain', from: 1 }],
  'window.createTerminal': [{ kind: 'args', context: 'plain' }],
  MarkdownString: [{ kind: 'args', context: 'markdown' }],
  'MarkdownString.appendMarkdown': [{ kind: 'args', context: 'markdown' }],
  // appendText escapes markdown syntax but leaves bare URLs to be auto-linked.
  'MarkdownString.appendText': [{ kind: 'args', context: 'markdown' }],
  TreeItem: [{ kind: 'args', context: 'plain' }],
  Hover: [{ kind: 'args', context: 'markdown' }],
};

/** Property assignments, by the declaring interface's qualified name. */
const PROPERTY_SINKS: Record<string, Context | 'items' | 'tooltip' | 'badge'> = {
  'QuickInput.title': 'plain',
  'QuickPick.placeholder': 'plain',
  'QuickPick.items': 'items',
  'InputBox.prompt': 'plain',
  'InputBox.placeholder': 'plain',
  'InputBox.validationMessage': 'plain',
  'StatusBarItem.text': 'plain',
  'StatusBarItem.name': 'plain',
  'StatusBarItem.tooltip': 'tooltip',
  'TreeItem.label': 'plain',
  'TreeItem.description': 'plain',
  'TreeItem.tooltip': 'tooltip',
  'WebviewView.title': 'plain',
  'WebviewView.description': 'plain',
  'WebviewView.badge': 'badge',
  'WebviewPanel.title': 'plain',
  'TreeView.title': 'plain',
  'TreeView.description': 'plain',
  'TreeView.message': 'plain',
};

const ITEM_PROPS = ['label', 'description', 'detail'];

export function scanSources(program: ts.Program, files: readonly string[], options: ScanOptions): ScanResult {
  const checker = program.getTypeChecker();
  const sites: SinkSite[] = [];
  const findings: Finding[] = [];
  const usedAllowances = new Set<AllowedArgument>();

  const rel = (node: ts.Node): string => path.relative(options.root, node.getSourceFile().fileName).split(path.sep).join('/');
  const lineOf = (node: ts.Node): number => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;

  /** `vscode`-relative qualified name of what `node` refers to, if it is declared in vscode.d.ts. */
  function vscodeName(node: ts.Node): string | undefined {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration || !/[\\/]@types[\\/]vscode[\\/]/.test(declaration.getSourceFile().fileName)) return undefined;
    return checker.getFullyQualifiedName(symbol).replace(/^"vscode"\./, '');
  }

  /** The brand this type carries (`plainBrand` / `markdownBrand` from the brand file), if any. */
  function brandOf(type: ts.Type): string | undefined {
    for (const property of type.getProperties()) {
      const declaration = property.declarations?.[0];
      if (!declaration || path.resolve(declaration.getSourceFile().fileName) !== path.resolve(options.root, options.brandFile)) continue;
      if (ts.isPropertySignature(declaration) && ts.isComputedPropertyName(declaration.name)) return declaration.name.expression.getText();
    }
    return undefined;
  }

  function isBranded(type: ts.Type, context: Context): boolean {
    const brand = brandOf(type);
    return context === 'markdown' ? brand === 'markdownBrand' : brand === 'plainBrand' || brand === 'markdownBrand';
  }

  /** Every possible value of `type` is a constant of ours or branded. */
  function typeIsSafe(type: ts.Type, context: Context): boolean {
    if (isBranded(type, context)) return true;
    if (type.isUnion()) return type.types.every((t) => typeIsSafe(t, context));
    const constant =
      ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Never;
    return (type.flags & constant) !== 0;
  }

  function isL10nT(callee: ts.Expression, seen: Set<ts.Node>): boolean {
    if (vscodeName(ts.isPropertyAccessExpression(callee) ? callee.name : callee) === 'l10n.t') return true;
    // `const t = vscode.l10n.t`
    const init = ts.isIdentifier(callee) ? constInitializer(callee, seen) : undefined;
    return init !== undefined && isL10nT(init, seen);
  }

  function constInitializer(id: ts.Identifier, seen: Set<ts.Node>): ts.Expression | undefined {
    const declaration = checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) || seen.has(declaration)) return undefined;
    seen.add(declaration);
    return declaration.initializer;
  }

  function safeHelper(call: ts.CallExpression): boolean {
    const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    let symbol = checker.getSymbolAtLocation(callee);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration;
    if (!declaration) return false;
    const file = rel(declaration);
    const name = callee.getText();
    return options.safeHelpers.some((helper) => helper.file === file && helper.name === name);
  }

  /** Why `expr` may carry unneutralised text, or undefined when it cannot. */
  function unsafeReason(expr: ts.Expression, context: Context, seen = new Set<ts.Node>()): string | undefined {
    if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr)) return unsafeReason(expr.expression, context, seen);
    if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr)) return unsafeReason(expr.expression, context, seen);
    if (typeIsSafe(checker.getTypeAtLocation(expr), context)) return undefined;
    if (ts.isCallExpression(expr)) {
      if (isL10nT(expr.expression, seen)) {
        const [template, ...args] = expr.arguments;
        if (!template || !ts.isStringLiteralLike(template)) return 'l10n.t with a template that is not a literal';
        for (const arg of args) {
          const why = unsafeReason(arg, context, seen);
          if (why) return `l10n.t argument ${arg.getText()}: ${why}`;
        }
        return undefined;
      }
      if (safeHelper(expr)) return undefined;
      return `${expr.expression.getText()}(…) returns text that is not neutralised`;
    }
    if (ts.isTemplateExpression(expr)) {
      for (const span of expr.templateSpans) {
        const why = unsafeReason(span.expression, context, seen);
        if (why) return `\${${span.expression.getText()}}: ${why}`;
      }
      return undefined;
    }
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        return unsafeReason(expr.left, context, seen) ?? unsafeReason(expr.right, context, seen);
      }
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return unsafeReason(expr.right, context, seen);
    }
    if (ts.isConditionalExpression(expr)) return unsafeReason(expr.whenTrue, context, seen) ?? unsafeReason(expr.whenFalse, context, seen);
    if (ts.isArrayLiteralExpression(expr)) {
      for (const element of expr.elements) {
        const why = unsafeReason(ts.isSpreadElement(element) ? element.expression : element, context, seen);
        if (why) return why;
      }
      return undefined;
    }
    if (ts.isIdentifier(expr)) {
      const init = constInitializer(expr, seen);
      if (init) return unsafeReason(init, context, seen);
      return `${expr.text} is ${checker.typeToString(checker.getTypeAtLocation(expr))}, not neutralised`;
    }
    return `${checker.typeToString(checker.getTypeAtLocation(expr))} is not neutralised`;
  }

  /** Quick pick items: the label/description/detail of every item type must be neutralised by type. */
  function itemTypeReason(itemType: ts.Type): string | undefined {
    const types = itemType.isUnion() ? itemType.types : [itemType];
    for (const t of types) {
      if (t.flags & ts.TypeFlags.StringLike) {
        if (!typeIsSafe(t, 'plain')) return `item ${checker.typeToString(t)} is not neutralised`;
        continue;
      }
      for (const prop of ITEM_PROPS) {
        const symbol = t.getProperty(prop);
        if (!symbol) continue;
        const propType = checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
        if (!typeIsSafe(propType, 'plain')) return `item ${prop} is ${checker.typeToString(propType)}, not PlainText`;
      }
    }
    return undefined;
  }

  function itemsReason(expr: ts.Expression): string | undefined {
    let type = checker.getTypeAtLocation(expr);
    // showQuickPick also takes a Thenable of the items.
    const awaited = checker.getAwaitedType(type);
    if (awaited) type = awaited;
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    return element ? itemTypeReason(element) : `items of type ${checker.typeToString(type)}`;
  }

  function report(node: ts.Node, sink: string, argument: ts.Node, reason: string | undefined): void {
    if (!reason) return;
    const file = rel(node);
    const text = argument.getText();
    const allowed = options.allowedArguments.find((a) => a.file === file && a.argument === text);
    if (allowed) {
      usedAllowances.add(allowed);
      return;
    }
    findings.push({ file, line: lineOf(node), sink, argument: text, reason });
  }

  /** The values a validator can return: each must be safe text or `{ message: safe text }`. */
  function validatorReason(expr: ts.Expression): string | undefined {
    let fn: ts.Node | undefined = expr;
    if (ts.isIdentifier(expr)) {
      let symbol = checker.getSymbolAtLocation(expr);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      fn = symbol?.valueDeclaration;
    }
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body) {
      return 'validateInput must be a function literal or a function declared in src/';
    }
    const results: ts.Expression[] = [];
    if (!ts.isBlock(fn.body)) results.push(fn.body);
    else {
      const collect = (node: ts.Node): void => {
        if (ts.isReturnStatement(node) && node.expression) results.push(node.expression);
        if (!ts.isFunctionLike(node)) ts.forEachChild(node, collect);
      };
      ts.forEachChild(fn.body, collect);
    }
    for (const result of results) {
      const inner = ts.isParenthesizedExpression(result) ? result.expression : result;
      const branches = ts.isConditionalExpression(inner) ? [inner.whenTrue, inner.whenFalse] : [inner];
      for (const branch of branches) {
        const message = ts.isObjectLiteralExpression(branch)
          ? branch.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'message')?.initializer
          : branch;
        const why = message ? unsafeReason(message, 'plain') : undefined;
        if (why) return `validation message ${message!.getText()}: ${why}`;
      }
    }
    return undefined;
  }

  function checkOptions(node: ts.Node, sink: string, arg: ts.Expression | undefined, props: Record<string, OptionCheck>): void {
    if (!arg) return;
    if (!ts.isObjectLiteralExpression(arg)) {
      report(node, sink, arg, 'options must be an object literal so their text can be checked');
      return;
    }
    for (const property of arg.properties) {
      const name = property.name?.getText();
      if (!name || !(name in props)) continue;
      const check = props[name];
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (!value) report(node, sink, property, 'computed or spread option');
      else report(node, sink, value, check === 'validator' ? validatorReason(value) : unsafeReason(value, check));
    }
  }

  function checkCall(node: ts.CallExpression | ts.NewExpression, sink: string, checks: ArgCheck[]): void {
    sites.push({ file: rel(node), line: lineOf(node), sink });
    const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    checks.forEach((check, index) => {
      if (check.kind === 'args') {
        for (const arg of args.slice(check.from ?? 0)) {
          const inner = ts.isSpreadElement(arg) ? arg.expression : arg;
          if (ts.isObjectLiteralExpression(inner)) checkOptions(node, sink, inner, { detail: 'plain', title: 'plain' });
          else if (ts.isSpreadElement(arg)) report(node, sink, arg, itemsReason(inner));
          else report(node, sink, arg, unsafeReason(inner, check.context));
        }
      } else if (check.kind === 'options') {
        checkOptions(node, sink, args[index], check.props);
      } else if (check.kind === 'items') {
        if (args[index]) report(node, sink, args[index], itemsReason(args[index]));
      } else {
        const typeArg = node.typeArguments?.[0];
        if (!typeArg) report(node, sink, node, 'createQuickPick needs an item type whose texts are PlainText');
        else report(node, sink, typeArg, itemTypeReason(checker.getTypeFromTypeNode(typeArg)));
      }
    });
  }

  function checkAssignment(node: ts.BinaryExpression, sink: string, kind: (typeof PROPERTY_SINKS)[string]): void {
    sites.push({ file: rel(node), line: lineOf(node), sink });
    const value = node.right;
    if (kind === 'items') return report(node, sink, value, itemsReason(value));
    if (kind === 'badge') {
      if (ts.isObjectLiteralExpression(value) || ts.isConditionalExpression(value)) {
        const objects = ts.isConditionalExpression(value) ? [value.whenTrue, value.whenFalse] : [value];
        for (const object of objects) if (ts.isObjectLiteralExpression(object)) checkOptions(node, sink, object, { tooltip: 'plain' });
        return;
      }
      if (!typeIsSafe(checker.getTypeAtLocation(value), 'plain')) report(node, sink, value, 'badge must be an object literal');
      return;
    }
    if (kind === 'tooltip') {
      // A MarkdownString tooltip is checked where it is built (constructor and appendMarkdown are sinks).
      const symbol = checker.getTypeAtLocation(value).getSymbol();
      if (symbol && checker.getFullyQualifiedName(symbol) === '"vscode".MarkdownString') return;
      return report(node, sink, value, unsafeReason(value, 'plain'));
    }
    report(node, sink, value, unsafeReason(value, kind));
  }

  function visit(node: ts.Node): void {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && rel(node) !== options.brandFile && brandOf(checker.getTypeAtLocation(node.type))) {
      // Only the neutraliser may mint its types; a cast elsewhere would launder anything.
      findings.push({ file: rel(node), line: lineOf(node), sink: 'type assertion', argument: node.getText(), reason: 'asserts a neutralised type instead of producing it' });
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
      const name = vscodeName(callee);
      if (name && CALL_SINKS[name]) checkCall(node, name, CALL_SINKS[name]);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = vscodeName(node.left.name);
      if (name && PROPERTY_SINKS[name]) checkAssignment(node, name, PROPERTY_SINKS[name]);
    } else if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && !isCallee(node)) {
      // A sink taken as a value (`const show = window.showErrorMessage`) would escape the checks above.
      const name = vscodeName(ts.isPropertyAccessExpression(node) ? node.name : node);
      if (name && CALL_SINKS[name] && !ts.isPropertyAccessExpression(node.parent)) {
        sites.push({ file: rel(node), line: lineOf(node), sink: name });
        report(node, name, node, 'a sink used as a value cannot be checked; call it directly');
      }
    }
    ts.forEachChild(node, visit);
  }

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`not in the program: ${file}`);
    visit(source);
  }
  return { sites, findings, usedAllowances };
}

function isCallee(node: ts.Node): boolean {
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) return true;
  // `vscode.window.showErrorMessage` — the `window` access and the `showErrorMessage` name are parts of a callee.
  return ts.isPropertyAccessExpression(parent) && (parent.name === node || parent.expression === node) && isCallee(parent);
}
