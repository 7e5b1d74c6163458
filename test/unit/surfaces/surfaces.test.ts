import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { allowedArguments, safeHelpers } from './allowlist';
import { scanSources, type ScanOptions } from './surfaceScan';

const root = path.resolve(__dirname, '../../..');
const brandFile = 'src/util/plainText.ts';

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

function sourceFiles(): string[] {
  return readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(root, 'src', file));
}

const options: ScanOptions = { root, allowedArguments, safeHelpers, brandFile };

test('every VS Code surface in src/ gets only neutralised text or our own constants', () => {
  const files = sourceFiles();
  const program = ts.createProgram(files, compilerOptions());
  const { sites, findings, usedAllowances } = scanSources(program, files, options);
  const listing = findings.map((f) => `${f.file}:${f.line} ${f.sink}(${f.argument}): ${f.reason}`).join('\n');
  assert.equal(findings.length, 0, `un-neutralised text reaches a surface:\n${listing}`);
  // The scan really sees the call sites (a broken scan that finds nothing would pass the check above).
  const sinks = new Set(sites.map((s) => s.sink));
  for (const expected of ['window.showInformationMessage', 'window.showWarningMessage', 'window.showErrorMessage', 'window.withProgress', 'window.createQuickPick', 'window.showQuickPick', 'window.showInputBox', 'StatusBarItem.text', 'MarkdownString.appendMarkdown']) {
    assert.ok(sinks.has(expected), `no call site of ${expected} found`);
  }
  assert.ok(sites.length >= 60, `only ${sites.length} call sites found`);
  const stale = allowedArguments.filter((a) => !usedAllowances.has(a));
  assert.deepEqual(stale, [], 'allowlist entries that no longer match anything');
});

const fixtureFile = path.join(root, 'src', '__surfaceFixture.ts');
const fixture = `
import * as vscode from 'vscode';
import { plainText, markdownText, type PlainText } from './util/plainText';
declare const name: string;
declare function fromX(): string;
const alias = vscode.window.showErrorMessage;
vscode.window.showInformationMessage(name);
vscode.window.showWarningMessage(vscode.l10n.t('Hi {0}', name));
vscode.window.showErrorMessage('fine', { modal: true, detail: fromX() });
vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: \`Sending to \${name}\` }, async () => 1);
vscode.window.showQuickPick([{ label: name }]);
vscode.window.createQuickPick<vscode.QuickPickItem>();
vscode.window.showInputBox({ prompt: fromX() });
vscode.window.showInputBox({ validateInput: (v) => (v ? { message: fromX(), severity: vscode.InputBoxValidationSeverity.Error } : undefined) });
declare const item: vscode.StatusBarItem;
item.text = name;
item.tooltip = new vscode.MarkdownString(plainText(name));
const forged = name as PlainText;
vscode.window.showInformationMessage(forged);
void alias;
// Safe forms: none of these may be reported.
const t = vscode.l10n.t;
const open = t('Open');
vscode.window.showInformationMessage(t('Sent to {0}.', plainText(name)), open);
vscode.window.showInformationMessage(plainText(fromX()), { modal: true, detail: plainText(name, { lines: true }) });
vscode.window.showInputBox({ validateInput: (v) => { if (v) return t('Too long: {0}', 3); return { message: plainText(name) }; } });
item.text = \`$(sync) \${3}\`;
item.tooltip = new vscode.MarkdownString(\`**\${t('Title')}** \${markdownText(name)}\`);
vscode.window.createQuickPick<vscode.QuickPickItem & { label: PlainText; description?: PlainText; detail?: PlainText }>();
`;

test('the scan reports each way text from X can slip through, and accepts the neutralised forms', () => {
  const compiler = compilerOptions();
  const host = ts.createCompilerHost(compiler);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    path.resolve(file) === fixtureFile ? ts.createSourceFile(file, fixture, language) : getSourceFile(file, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => path.resolve(file) === fixtureFile || fileExists(file);
  const program = ts.createProgram([fixtureFile], compiler, host);
  const { findings } = scanSources(program, [fixtureFile], { ...options, allowedArguments: [], safeHelpers: [] });
  const reported = findings.map((f) => f.argument);
  assert.deepEqual(reported, [
    'vscode.window.showErrorMessage',
    'name',
    "vscode.l10n.t('Hi {0}', name)",
    'fromX()',
    '`Sending to ${name}`',
    '[{ label: name }]',
    'vscode.QuickPickItem',
    'fromX()',
    '(v) => (v ? { message: fromX(), severity: vscode.InputBoxValidationSeverity.Error } : undefined)',
    'name',
    'plainText(name)',
    'name as PlainText',
  ]);
});
