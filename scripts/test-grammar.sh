#!/usr/bin/env bash
# Grammar tests: syntaxes/*.tmLanguage.json against the cases in test/grammar/ (vscode-tmgrammar-test).
# The YAML injection is tested on top of VS Code 1.100's own YAML grammar (test/grammar/yaml/).
# Prints `N passed, N failed` and exits 1 when a case fails.
set -uo pipefail
cd "$(dirname "$0")/.."
cases=(test/grammar/*.yaml test/grammar/*.podls-explain)
out=$(npx --no-install vscode-tmgrammar-test --config test/grammar/config.json "${cases[@]}" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v '^npm warn'
passed=$(printf '%s\n' "$out" | grep -c 'run successfuly' || true)
failed=$(( ${#cases[@]} - passed ))
echo "grammar: ${passed} passed, ${failed} failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
