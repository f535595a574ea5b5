// Workflows that stress the graph exporters and the analysis: hostile state names, deep nesting,
// missing targets, half-written states. Shared by the render test and the graph unit tests.

export const HOSTILE_NAMES: readonly string[] = [
  'end', 'graph', 'subgraph', 'flowchart', 'click', 'style', 'classDef', 'class', 'linkStyle', 'direction', 's0', 'start0', 'default',
  'Say "hello"', "it's", 'a b  c', 'Ünïcödé 名前 🚀', 'x --> y', 'a|b', '#1; #quot;', '<script>alert(1)</script>', '%% comment', 'a & b',
  '{{ $.x }}', '[brackets]', '(parens)', 'back`tick', 'semi;colon', 'under_score_*star*', '~tilde~', 'trailing\\', 'A'.repeat(200),
  'line\nbreak', '',
];

function q(s: string): string {
  return JSON.stringify(s);
}

/** One workflow whose states carry every hostile name, chained, with a choice and catches between them. */
function hostile(): string {
  const names = HOSTILE_NAMES.map((n, i) => (n === '' ? `Empty${i}` : n));
  let y = 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: hostile }\nspec:\n  workflows:\n    - name: ' + q('Hostile "names" end') + '\n      start: ' + q(names[0]) + '\n      states:\n';
  names.forEach((n, i) => {
    const next = names[i + 1];
    if (i % 5 === 2 && next) {
      y += `        - name: ${q(n)}\n          type: Choice\n          choices:\n            - condition: ${q('{{ $.a == "x|y" && $.b != \'#;\' }}')}\n              next: ${q(next)}\n            - variable: $.n\n              stringEquals: ${q('"quoted" <b>')}\n              next: ${q(names[0])}\n          default: ${q(next)}\n`;
    } else if (next) {
      y += `        - name: ${q(n)}\n          type: ${i % 3 === 0 ? 'Task' : 'Pass'}\n${i % 3 === 0 ? '          resource: urn:cascade:activity:work\n' : ''}${i % 3 === 0 ? `          catch:\n            - error_equals: [${q('Err "x" | y')}, States.Timeout]\n              next: ${q(names[names.length - 1])}\n` : ''}          next: ${q(next)}\n`;
    } else {
      y += `        - name: ${q(n)}\n          type: Fail\n          error: Boom\n`;
    }
  });
  return y;
}

function nestedParallels(depth: number): string {
  let y = 'apiVersion: cascade.io/v1\nkind: Application\nmetadata: { name: nested }\nspec:\n  workflows:\n    - name: Nested\n      start: P0\n      states:\n';
  let indent = '        ';
  for (let d = 0; d < depth; d++) {
    y += `${indent}- name: P${d}\n${indent}  type: Parallel\n${indent}  ${d === 0 ? 'next: Done' : 'end: true'}\n${indent}  branches:\n`;
    y += `${indent}    - name: Leaf${d}\n${indent}      type: Pass\n`;
    y += `${indent}    - name: Sub${d}\n${indent}      start: P${d + 1}\n${indent}      states:\n`;
    indent += '          ';
  }
  y += `${indent}- name: Bottom\n${indent}  type: Succeed\n`;
  y += '        - name: Done\n          type: Succeed\n';
  return y;
}

export const TRICKY_WORKFLOWS: Record<string, string> = {
  'hostile names': hostile(),
  'nested parallels': nestedParallels(5),
  'missing targets, unreachable states, loops and escapes': `apiVersion: cascade.io/v1
kind: Application
metadata: { name: broken }
spec:
  workflows:
    - name: Broken
      start: A
      states:
        - name: A
          type: Choice
          choices:
            - and:
                - variable: $.x
                  isPresent: true
                - not:
                    variable: $.y
                    numericGreaterThan: 3
              next: Nowhere
            - or:
                - condition: "{{ $.a }}"
                - condition: "{{ $.b | length > 2 }}"
              next: Loop
          default: A
        - name: Loop
          type: Pass
          next: Loop
        - name: Island1
          type: Pass
          next: Island2
        - name: Island2
          type: Pass
          next: Island1
        - name: Fan
          type: Parallel
          branches: []
          next: Inner
        - name: Fan2
          type: Parallel
          end: true
          branches:
            - start: Inner
              states:
                - name: Inner
                  type: Pass
                  next: A
`,
  'half-written states': `workflows:
  - name: Half
    states:
      - type: Pass
      - name: NoType
        next: Weird
      - name: Weird
        type: Frobnicate
      - name: 42
        type: Choice
        choices: nope
      - name: P
        type: Parallel
        branches:
          - 3
          - states: 4
          - name: B
            start: Q
            states: [ { name: C } ]
`,
  'states fragment with implicit start': `states:
  - name: First
    type: Wait
    seconds: 5
    next: Second
  - name: Second
    type: Receive
    event: ping
    next: Third
  - name: Third
    type: HumanTask
    next: Fourth
  - name: Fourth
    type: EvaluatePolicy
    policy: urn:cascade:policy:p
    next: Done
  - name: Done
    type: Succeed
`,
  'empty workflow': 'workflows:\n  - name: Empty\n    states: []\n',
};
