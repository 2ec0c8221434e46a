import { describe, expect, it } from 'vitest';
import { compileTemplate, escapeTemplate, render, templateValue, type RenderScope, type Template } from '../../src/config/template.js';

const scope = (variables: Record<string, unknown> = {}, counter = 7): RenderScope => ({
  variable: (name) => variables[name] as never,
  counter,
});

function compiled(text: string, known: string[] = []): Template {
  const result = compileTemplate(text, new Set(known));
  if ('problem' in result) throw new Error(result.problem);
  return result.template;
}

const problem = (text: string, known: string[] = []) => {
  const result = compileTemplate(text, new Set(known));
  return 'problem' in result ? result.problem : undefined;
};

describe('templates', () => {
  it('render variables, the counter and text around them', () => {
    const template = compiled('/api/{{ kind }}/{{id}}?n={{ counter }}', ['kind', 'id']);
    expect(template.variables).toEqual(['kind', 'id']);
    expect(render(template, scope({ kind: 'products', id: 42 }))).toBe('/api/products/42?n=7');
  });

  it('keep the type of a value that is the whole template, and write objects as JSON in text', () => {
    expect(templateValue(compiled('{{ id }}', ['id']), scope({ id: 42 }))).toBe(42);
    expect(templateValue(compiled('{{ item }}', ['item']), scope({ item: { a: [1] } }))).toEqual({ a: [1] });
    expect(templateValue(compiled('id {{ id }}', ['id']), scope({ id: 42 }))).toBe('id 42');
    expect(render(compiled('x={{ item }}', ['item']), scope({ item: { a: 1 } }))).toBe('x={"a":1}');
  });

  it('draw random integers within both bounds, pick among choices, and make UUIDs', () => {
    const random = compiled('{{ random(1, 3) }}');
    const drawn = new Set(Array.from({ length: 300 }, () => templateValue(random, scope())));
    expect([...drawn].sort()).toEqual([1, 2, 3]);
    const pick = compiled('{{ pick("a", "b", 3) }}');
    expect(new Set(Array.from({ length: 200 }, () => templateValue(pick, scope())))).toEqual(new Set(['a', 'b', 3]));
    const uuid = compiled('{{ uuid }}');
    expect(render(uuid, scope())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(render(uuid, scope())).not.toBe(render(uuid, scope()));
  });

  it('keep a value from the environment as it is, even when it holds {{', () => {
    const text = `Bearer ${escapeTemplate('s3{{cr}}et {{ token }}')}`;
    expect(render(compiled(text), scope())).toBe('Bearer s3{{cr}}et {{ token }}');
  });

  it('say what is wrong with an expression', () => {
    expect(problem('/x/{{ frist }}', ['first'])).toBe(
      `no variable named 'frist' is captured before this step (known here: 'first'); built-ins: random(min, max), pick("a", "b"), counter, uuid`,
    );
    expect(problem('{{ random(5, 1) }}')).toContain('expected random(min, max) with whole numbers, min ≤ max');
    expect(problem('{{ random(1.5, 2) }}')).toContain('whole numbers');
    expect(problem('{{ pick() }}')).toContain('at least one choice');
    expect(problem('{{ now() }}')).toBe('{{ now() }}: not a built-in function; built-ins: random(min, max), pick("a", "b"), counter, uuid');
    expect(problem('{{ pick(a, b) }}')).toContain('expected literal arguments');
    expect(problem('{{ items[0] }}')).toContain('expected a variable name or a built-in');
  });

  it('say which {{ is never closed', () => {
    const never = '{{ is never closed; expected {{ name }} (a literal {{ is written {{ "{{" }})';
    expect(problem('/x/{{ id')).toBe(`"{{ id": this ${never}`);
    expect(problem('/x/{{ id }}/{{ b', ['id'])).toBe(`"{{ b": this ${never}`);
    // The first }} closes the first {{ (a literal {{ "{{" }} holds one inside).
    expect(problem('/x/{{ b /{{ id }}', ['id'])).toBe(
      `{{ b /{{ id }}: expected a variable name or a built-in (random(min, max), pick("a", "b"), counter, uuid)`,
    );
  });

  it('echo a huge expression once, shortened to its start and its length', () => {
    const huge = 'a'.repeat(100_000);
    for (const [text, length] of [
      [`/x/{{ ${huge} }}`, 100_000],
      [`/x/{{ ${huge} + 1 }}`, 100_010],
      [`/x/{{ f(${huge}) }}`, 100_009],
      [`/x/{{ ${huge}`, 100_003],
    ] as const) {
      const message = problem(text)!;
      expect(message.length).toBeLessThan(250);
      expect(message.split('a'.repeat(50))).toHaveLength(2);
      expect(message).toContain(`… (${length} characters)`);
    }
  });
});
