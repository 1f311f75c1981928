import * as assert from 'assert';
import {
  formatSelector,
  kubectlGetPodsCommand,
  labelSelectorAsSelector,
  parseSelector,
  selectorMatches,
  type ParsedSelector,
} from '../../server/src/rules/label-selector';

const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function parsed(text: string): ParsedSelector {
  const r = parseSelector(text);
  if (!r.ok) assert.fail(`${text}: ${r.error}`);
  return r.selector;
}

function checkParse(text: string): string {
  const r = parseSelector(text);
  return r.ok ? formatSelector(r.selector) : `error: ${r.error}`;
}

describe('rules/label-selector: parseSelector', () => {
  const ok: ReadonlyArray<readonly [string, string]> = [
    ['app=nginx', 'app=nginx'],
    ['app==nginx', 'app==nginx'],
    ['app!=nginx', 'app!=nginx'],
    ['app in (b,a)', 'app in (a,b)'],
    ['app notin (a)', 'app notin (a)'],
    ['app', 'app'],
    ['!app', '!app'],
    ['replicas>1', 'replicas>1'],
    ['replicas<3', 'replicas<3'],
    ['tier!=db, app = nginx ,env in (a, b),!x', 'app=nginx,env in (a,b),tier!=db,!x'],
    ['', ''],
    ['app=', 'app='],
    ['app in ()', 'app in ()'],
    ['in in (in, notin)', 'in in (in,notin)'],
    ['example.com/app=web', 'example.com/app=web'],
  ];
  for (const [text, rendered] of ok) it(`parses ${JSON.stringify(text)}`, () => assert.strictEqual(checkParse(text), rendered));

  const bad: ReadonlyArray<readonly [string, string]> = [
    ['app=nginx,', "found '', expected: identifier after ','"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['app in a', "unable to parse requirement: found 'a' expected: '('"],
    ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['app!', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['!app=x', "found '=', expected: ',' or 'end of string'"],
    ['app=a=b', "found '=', expected: ',' or 'end of string'"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x>a', 'unable to parse requirement: values[0]: Invalid value: "a": for \'Gt\', \'Lt\' operators, the value must be an integer'],
    ['app=-bad', `unable to parse requirement: values[0]: Invalid value: "-bad": ${LABEL_VALUE}`],
    [
      'a/b/c=x',
      "unable to parse requirement: key: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ];
  for (const [text, error] of bad) it(`rejects ${JSON.stringify(text)}`, () => assert.strictEqual(checkParse(text), `error: ${error}`));
});

describe('rules/label-selector: matching', () => {
  const labels = { app: 'web', tier: 'fe', replicas: '3' };
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['app=web', true],
    ['app==api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (api,web)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app>1', false],
    ['app=web,tier=be', false],
    ['', true],
  ];
  for (const [text, want] of cases) it(`${JSON.stringify(text)} ${want ? 'matches' : 'does not match'}`, () => assert.strictEqual(selectorMatches(parsed(text), labels), want));

  it('a nil LabelSelector matches nothing, an empty one everything', () => {
    const nil = labelSelectorAsSelector(undefined);
    const empty = labelSelectorAsSelector({});
    assert.ok(nil.ok && !selectorMatches(nil.selector, labels));
    assert.ok(empty.ok && selectorMatches(empty.selector, {}));
  });

  it('LabelSelectorAsSelector rejects unknown operators', () => {
    const r = labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] });
    assert.deepStrictEqual(r, { ok: false, error: '"Equals" is not a valid label selector operator' });
  });
});

describe('rules/label-selector: kubectl rendering', () => {
  it('renders a LabelSelector as kubectl get pods -l', () => {
    const cmd = kubectlGetPodsCommand({
      matchLabels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
      ],
    });
    assert.strictEqual(cmd, "kubectl get pods -l 'app=web,app.kubernetes.io/part-of=shop,!canary,env,tier in (be,fe),zone notin (b)'");
  });
  it('renders a map selector', () => {
    assert.strictEqual(kubectlGetPodsCommand({ tier: 'db', app: 'x' }, true), "kubectl get pods -l 'app=x,tier=db'");
  });
  it('has no command for a nil selector', () => assert.strictEqual(kubectlGetPodsCommand(undefined), undefined));
});
