import * as assert from 'assert';
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isIP,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  nameIsDNSSubdomain,
} from '../../server/src/rules/validation-strings';

describe('rules/validation-strings', () => {
  it('DNS labels and subdomains', () => {
    assert.deepStrictEqual(isDNS1123Label('web-1'), []);
    assert.deepStrictEqual(isDNS1123Label('a.b'), ['must not contain dots']);
    assert.deepStrictEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.strictEqual(isDNS1123Label('-a').length, 1);
    assert.deepStrictEqual(isDNS1123Subdomain('example.com'), []);
    assert.strictEqual(isDNS1123Subdomain('Example.com').length, 1);
    assert.deepStrictEqual(nameIsDNSSubdomain('web-', true), []);
  });
  it('qualified names and label values', () => {
    assert.deepStrictEqual(isQualifiedName('app.kubernetes.io/name'), []);
    assert.deepStrictEqual(isQualifiedName('/name'), ['prefix part must be non-empty']);
    assert.strictEqual(isQualifiedName('a/b/c').length, 1);
    assert.deepStrictEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
    assert.deepStrictEqual(isValidLabelValue(''), []);
    assert.deepStrictEqual(isValidLabelValue('v1.2_3-a'), []);
    assert.strictEqual(isValidLabelValue('-a').length, 1);
  });
  it('port names', () => {
    assert.deepStrictEqual(isValidPortName('http-alt'), []);
    assert.deepStrictEqual(isValidPortName('8080'), ['must contain at least one letter (a-z)']);
  });
  it('env var names and config keys', () => {
    assert.deepStrictEqual(isEnvVarName('MY_VAR.x-1'), []);
    assert.deepStrictEqual(isEnvVarName('..'), ["must not be '..'"]);
    assert.deepStrictEqual(isRelaxedEnvVarName('1 café'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
    assert.deepStrictEqual(isRelaxedEnvVarName('1 space'), []);
    assert.deepStrictEqual(isConfigMapKey('tls.crt'), []);
    assert.deepStrictEqual(isConfigMapKey('..data'), ["must not start with '..'"]);
  });
  it('IP addresses', () => {
    for (const ok of ['10.0.0.1', '::1', '2001:db8::ffff', '::ffff:10.0.0.1', 'fe80::1:2:3:4:5:6']) assert.ok(isIP(ok), ok);
    for (const bad of ['10.0.0', '256.1.1.1', '1::2::3', 'g::1', 'localhost', '', '1:2:3:4:5:6:7:8:9']) assert.ok(!isIP(bad), bad);
  });
});
