import fc from "fast-check";
import { buildAccessReport } from "../../tools/review/model";
import { shortExpression } from "../../tools/review/json";
import { type SynthOutput, synthOutput } from "../../tools/review/load";
import { type PolicyDocument, readPolicyDocument } from "../../tools/review/policy";

// One seed, so that CI runs the same cases every time (a failure prints its counterexample either way).
fc.configureGlobal({ seed: 20261124 });

const EMPTY = synthOutput({ s: { "//": { metadata: { stackName: "s" } } } });

/** The policy a text holds, read as the review reads an `assume_role_policy` or `policy` attribute. */
function read(text: string, out: SynthOutput = EMPTY): PolicyDocument {
  return readPolicyDocument(out, "s", text);
}

/** A one-statement policy whose only resource is `resource`, written into the JSON text as is. */
function withResource(resource: string): string {
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${resource}"}]}`;
}

/** The resources of the one statement of a policy read by {@link read}. */
function resourcesOf(text: string): readonly string[] {
  const document = read(text);
  expect(document.unreadable).toBeUndefined();
  expect(document.statements).toHaveLength(1);
  return document.statements[0].resources;
}

// The IRSA trust policy as WorkloadRole writes it as a template (issue 15): HCL with quotes inside a JSON key.
const SUB = '${replace(aws_iam_openid_connect_provider.oidc.url, "https://", "")}:sub';
const AUD = '${replace(aws_iam_openid_connect_provider.oidc.url, "https://", "")}:aud';
const IRSA_TRUST =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity",' +
  '"Principal":{"Federated":"${aws_iam_openid_connect_provider.oidc.arn}"},' +
  `"Condition":{"StringEquals":{"${SUB}":"system:serviceaccount:apps:reader","${AUD}":"sts.amazonaws.com"}}}]}`;

describe("readPolicyDocument: IAM JSON written as a Terraform template", () => {
  test("the IRSA trust policy: principal and condition keys keep the interpolations verbatim, quotes included", () => {
    expect(read(IRSA_TRUST)).toEqual({
      statements: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          resources: [],
          conditions: [
            { test: "StringEquals", variable: SUB, values: ["system:serviceaccount:apps:reader"] },
            { test: "StringEquals", variable: AUD, values: ["sts.amazonaws.com"] },
          ],
          principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.oidc.arn}"] }],
        },
      ],
    });
  });

  test("braces inside an interpolation: nested ones, and `}` or `{` in an HCL string, do not end it", () => {
    const lookup = '${lookup({a = "}", b = {c = "{"}}, var.key, "x}")}';
    expect(resourcesOf(withResource(`arn:aws:s3:::${lookup}/*`))).toEqual([`arn:aws:s3:::${lookup}/*`]);
  });

  test("an escaped quote and an escaped backslash inside an HCL string inside an interpolation", () => {
    // As Terraform reads it: ${replace(var.prefix, "\"}", "\\")}
    const replace = '${replace(var.prefix, "\\"}", "\\\\")}';
    expect(resourcesOf(withResource(`arn:aws:s3:::b/${replace}/*`))).toEqual([`arn:aws:s3:::b/${replace}/*`]);
  });

  test("several interpolations in one string, each kept as written", () => {
    const value = 'arn:${data.aws_arn.x.partition}:eks:${var.region}:${element(split(":", aws_eks_cluster.c.arn), 4)}:cluster/${var.name}';
    expect(resourcesOf(withResource(value))).toEqual([value]);
  });

  test("an HCL string in an interpolation may hold a template of its own, with escapes that are not sequences", () => {
    const value = '${format("%s-${lower("A}")}", "$${x}", "%%{y}")}';
    expect(resourcesOf(withResource(value))).toEqual([value]);
  });

  test("a multi-line interpolation keeps its line breaks", () => {
    const value = '${join("/", [\n  var.a,\n  var.b,\n])}';
    expect(resourcesOf(withResource(value))).toEqual([value]);
  });

  test("an IAM policy variable `$${aws:username}` reads as a data source writes it: `&{aws:username}`", () => {
    expect(resourcesOf(withResource("arn:aws:s3:::b/home/$${aws:username}/*"))).toEqual(["arn:aws:s3:::b/home/&{aws:username}/*"]);
    // Next to an interpolation too: the escape is a literal, the interpolation stays one.
    expect(resourcesOf(withResource("arn:aws:s3:::${var.bucket}/$${aws:PrincipalTag/team}/*"))).toEqual([
      "arn:aws:s3:::${var.bucket}/&{aws:PrincipalTag/team}/*",
    ]);
  });

  test("in `$$${`, as Terraform reads it, the first `$` is literal and `$${` the escape", () => {
    expect(resourcesOf(withResource("a$$${b}"))).toEqual(["a$&{b}"]);
  });

  test("`%%{` in literal text reads as `%{`, and `$${` or `%%{` inside an interpolation stays as written", () => {
    expect(resourcesOf(withResource("arn:aws:s3:::b/%%{x}"))).toEqual(["arn:aws:s3:::b/%{x}"]);
    expect(resourcesOf(withResource('${replace(var.x, "%%{", "$${")}'))).toEqual(['${replace(var.x, "%%{", "$${")}']);
  });

  test("a template directive `%{...}` is kept as written, like an interpolation", () => {
    const directive = '%{ if var.all == "}" }*%{ else }arn:aws:s3:::b%{ endif }';
    expect(resourcesOf(withResource(directive))).toEqual([directive]);
    // Between its sequences, a directive's text is literal JSON: a bare quote there breaks the policy (as it would in Terraform).
    const broken = withResource('%{ if var.all }*%{ else }arn:aws:s3:::b/"x"%{ endif }');
    expect(read(broken)).toEqual({ statements: [], unreadable: shortExpression(broken) });
  });

  test("plain JSON (no interpolation) reads exactly as JSON.parse reads it", () => {
    const text = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::b", 'arn:aws:s3:::b/"q"\\{}$/*'] },
        { Effect: "Deny", NotAction: "iam:*", NotResource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ],
    });
    expect(read(text)).toEqual({
      statements: [
        {
          sid: "Read",
          effect: "Allow",
          actions: ["s3:GetObject", "s3:ListBucket"],
          resources: ["arn:aws:s3:::b", 'arn:aws:s3:::b/"q"\\{}$/*'],
          conditions: [],
          principals: [],
        },
        {
          effect: "Deny",
          actions: ["NOT iam:*"],
          resources: ["NOT *"],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          principals: [],
        },
      ],
    });
  });

  test("an unterminated interpolation reads as unreadable, and does not throw", () => {
    for (const text of [withResource("${var.bucket"), withResource('${replace(var.x, "}", "")'), withResource('${f("a)}'), "${"]) {
      expect(read(text)).toEqual({ statements: [], unreadable: shortExpression(text) });
    }
  });

  test("a statement list only known at apply time reads as unreadable", () => {
    const text = '{"Version":"2012-10-17","Statement":${jsonencode(local.statements)}}';
    expect(read(text)).toEqual({ statements: [], unreadable: shortExpression(text) });
  });

  test("the JSON escaping the constructs wrap an interpolation in is read through: the value reads as the expression", () => {
    const escaped = (expression: string) => `\${trimsuffix(trimprefix(jsonencode(${expression}), "\\""), "\\"")}`;
    const trust = IRSA_TRUST.replace(/\$\{(replace\([^}]*\)|aws_iam_openid_connect_provider\.oidc\.arn)\}/g, (_m, expression: string) => escaped(expression));
    expect(trust).not.toBe(IRSA_TRUST);
    expect(read(trust)).toEqual(read(IRSA_TRUST));
  });

  test('a whole list of values only known at apply time reads as one value, as a data source\'s `resources = "${var.arns}"` does', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":${jsonencode(var.arns)}}]}';
    expect(read(text).statements[0].resources).toEqual(["${var.arns}"]);
  });
});

describe("the access report reads a template policy as it reads the same policy as a data source", () => {
  // One cluster and its OIDC provider; two roles with the same trust and permissions, one written
  // with aws_iam_policy_document data sources, the other as templates.
  const statementOfDocument = {
    effect: "Allow",
    actions: ["s3:GetObject"],
    resources: ["arn:${data.aws_partition.p.partition}:s3:::home/&{aws:username}/*"],
  };
  const out = synthOutput({
    s: {
      "//": { metadata: { stackName: "s" } },
      data: {
        aws_partition: { p: {} },
        aws_iam_policy_document: {
          trust: {
            statement: [
              {
                effect: "Allow",
                actions: ["sts:AssumeRoleWithWebIdentity"],
                principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.oidc.arn}"] }],
                condition: [
                  { test: "StringEquals", variable: SUB, values: ["system:serviceaccount:apps:reader"] },
                  { test: "StringEquals", variable: AUD, values: ["sts.amazonaws.com"] },
                ],
              },
            ],
          },
          read: { statement: [statementOfDocument] },
        },
      },
      resource: {
        aws_eks_cluster: { c: { name: "prod" } },
        aws_iam_openid_connect_provider: { oidc: { url: "${aws_eks_cluster.c.identity[0].oidc[0].issuer}" } },
        aws_iam_role: {
          viaDocument: { name: "via-document", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" },
          viaTemplate: { name: "via-template", assume_role_policy: IRSA_TRUST },
        },
        aws_iam_role_policy: {
          viaDocument: { name: "read", role: "${aws_iam_role.viaDocument.name}", policy: "${data.aws_iam_policy_document.read.json}" },
          viaTemplate: {
            name: "read",
            role: "${aws_iam_role.viaTemplate.name}",
            policy: withResource("arn:${data.aws_partition.p.partition}:s3:::home/$${aws:username}/*"),
          },
        },
      },
    },
  });

  test("the same trusted subject, recognized cluster and permissions", () => {
    const roles = buildAccessReport(out).stacks[0].roles;
    const byName = new Map(roles.map((r) => [r.name, r]));
    const viaDocument = byName.get("via-document");
    const viaTemplate = byName.get("via-template");
    expect(viaTemplate?.mechanism).toBe("irsa");
    expect(viaTemplate?.trust.irsa).toMatchObject([
      { cluster: "prod", match: "StringEquals", namespace: "apps", serviceAccount: "reader", audiences: [{ values: ["sts.amazonaws.com"] }] },
    ]);
    expect(viaTemplate?.trust).toEqual(viaDocument?.trust);
    expect(viaTemplate?.policies.map((p) => p.document)).toEqual([{ statements: [{ ...statementOfDocument, conditions: [], principals: [] }] }]);
    expect(viaTemplate?.policies).toEqual(viaDocument?.policies);
  });
});

// ---- the property: a policy reads the same as a template and as a data source ----------------------

/** A string of a policy: literal text and Terraform interpolations (HCL, written as Terraform reads it). */
type Part = { readonly literal: string } | { readonly interpolation: string };

/** An HCL quoted string: its text as written, escapes and nested interpolations included. */
const hclString = (expression: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom("a", ":", "/", " ", "{", "}", '\\"', "\\\\", "\\n", "$${", "%%{", "&"),
        expression.map((e) => `\${${e}}`),
      ),
      { maxLength: 6 },
    )
    .map((parts) => `"${parts.join("")}"`);

/** HCL expressions, with strings holding quotes, braces and nested templates. */
const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("var.bucket", "aws_iam_openid_connect_provider.oidc.arn", "aws_eks_cluster.c.identity[0].oidc[0].issuer", "data.aws_arn.x.partition", "4"),
    hclString(tie("expression")),
    fc
      .tuple(fc.constantFrom("replace", "format", "lookup", "element"), fc.array(tie("expression"), { minLength: 1, maxLength: 3 }))
      .map(([f, args]) => `${f}(${args.join(", ")})`),
    fc
      .array(fc.tuple(fc.constantFrom("a", '"}"', '"{"'), tie("expression")), { maxLength: 2 })
      .map((entries) => `{${entries.map(([k, v]) => `${k} = ${v}`).join(", ")}}`),
    fc.array(tie("expression"), { maxLength: 2 }).map((items) => `[${items.join(", ")}]`),
  ),
}));

/** An interpolation that holds at least one HCL string: quotes that JSON does not allow unescaped. */
const interpolation: fc.Arbitrary<Part> = fc
  .tuple(fc.constantFrom("replace", "format", "lookup"), hclString(expression), fc.array(expression, { maxLength: 2 }))
  .map(([f, first, rest]) => ({ interpolation: `\${${f}(${[first, ...rest].join(", ")})}` }));

/** Literal text, with the characters that matter here (and any other). */
const literal: fc.Arbitrary<Part> = fc
  .string({
    unit: fc.oneof(fc.constantFrom("$", "%", "{", "}", '"', "\\", "&", "*", ":"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
    maxLength: 8,
  })
  .map((text) => ({ literal: text }));

/** Parts with adjacent literals merged, so that each is one run of literal text. */
function merged(parts: readonly Part[]): Part[] {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if ("literal" in part && last && "literal" in last) merged[merged.length - 1] = { literal: last.literal + part.literal };
    else merged.push(part);
  }
  return merged;
}

/** A policy string. A `$` just before an interpolation would make its `${` the escape `$${` (HCL cannot write that), so there is none. */
const templated: fc.Arbitrary<readonly Part[]> = fc
  .array(fc.oneof(literal, interpolation), { maxLength: 4 })
  .map(merged)
  .filter((parts) => parts.every((p, i) => !("literal" in p && p.literal.endsWith("$") && i + 1 < parts.length && "interpolation" in parts[i + 1])));

/** The string as the template holds it inside the JSON text: literal parts JSON-escaped and Terraform-escaped, interpolations raw. */
function asTemplate(parts: readonly Part[]): string {
  const text = parts
    .map((p) =>
      "interpolation" in p
        ? p.interpolation
        : JSON.stringify(p.literal)
            .slice(1, -1)
            .replace(/\$\{/g, () => "$${")
            .replace(/%\{/g, () => "%%{"),
    )
    .join("");
  return `"${text}"`;
}

/** The string as the review shows it (and as an aws_iam_policy_document holds it): a literal `${` is `&{`. */
function asValue(parts: readonly Part[]): string {
  return parts.map((p) => ("interpolation" in p ? p.interpolation : p.literal.replace(/\$\{/g, "&{"))).join("");
}

interface StatementModel {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly (readonly Part[])[];
  readonly resources: readonly (readonly Part[])[];
  readonly federated: readonly (readonly Part[])[];
  readonly conditions: readonly { readonly test: string; readonly variable: readonly Part[]; readonly values: readonly (readonly Part[])[] }[];
}

const statementModel: fc.Arbitrary<StatementModel> = fc.record(
  {
    sid: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
    effect: fc.constantFrom("Allow" as const, "Deny" as const),
    actions: fc.array(templated, { minLength: 1, maxLength: 2 }),
    resources: fc.array(templated, { minLength: 1, maxLength: 2 }),
    federated: fc.array(templated, { maxLength: 2 }),
    // Condition keys start with a letter (JSON.parse puts integer keys first) and differ as the review shows them.
    conditions: fc.uniqueArray(
      fc.record({
        test: fc.constantFrom("StringEquals", "StringLike"),
        variable: templated.map((parts) => merged([{ literal: "k" }, ...parts])),
        values: fc.array(templated, { minLength: 1, maxLength: 2 }),
      }),
      { selector: (c) => `${c.test}\n${asValue(c.variable)}`, maxLength: 3 },
    ),
  },
  { requiredKeys: ["effect", "actions", "resources", "federated", "conditions"] },
);

/** The conditions by operator, then by key, in the order IAM JSON gives them. */
function conditionObject<T>(
  conditions: StatementModel["conditions"],
  key: (parts: readonly Part[]) => string,
  value: (parts: readonly Part[]) => T,
): Record<string, Record<string, T[]>> {
  const object: Record<string, Record<string, T[]>> = {};
  for (const c of conditions) (object[c.test] ??= {})[key(c.variable)] = c.values.map(value);
  return object;
}

/** The policy as a template: IAM JSON without white space, strings as {@link asTemplate} writes them. */
function templateText(statements: readonly StatementModel[]): string {
  const list = (values: readonly (readonly Part[])[]) => `[${values.map(asTemplate).join(",")}]`;
  const statement = (s: StatementModel): string => {
    const members = [
      ...(s.sid !== undefined ? [`"Sid":${JSON.stringify(s.sid)}`] : []),
      `"Effect":"${s.effect}"`,
      `"Action":${list(s.actions)}`,
      `"Resource":${list(s.resources)}`,
    ];
    if (s.federated.length > 0) members.push(`"Principal":{"Federated":${list(s.federated)}}`);
    if (s.conditions.length > 0) {
      const operators = conditionObject(s.conditions, asTemplate, asTemplate);
      members.push(
        `"Condition":{${Object.keys(operators)
          .map(
            (test) =>
              `"${test}":{${Object.entries(operators[test])
                .map(([k, v]) => `${k}:[${v.join(",")}]`)
                .join(",")}}`,
          )
          .join(",")}}`,
      );
    }
    return `{${members.join(",")}}`;
  };
  return `{"Version":"2012-10-17","Statement":[${statements.map(statement).join(",")}]}`;
}

/** The same policy as an aws_iam_policy_document data source in a synthesized stack. */
function dataSourceOutput(statements: readonly StatementModel[]): SynthOutput {
  const statement = (s: StatementModel) => {
    const operators = conditionObject(s.conditions, asValue, asValue);
    return {
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      effect: s.effect,
      actions: s.actions.map(asValue),
      resources: s.resources.map(asValue),
      principals: s.federated.length > 0 ? [{ type: "Federated", identifiers: s.federated.map(asValue) }] : [],
      condition: Object.keys(operators).flatMap((test) =>
        Object.keys(operators[test]).map((variable) => ({ test, variable, values: operators[test][variable] })),
      ),
    };
  };
  return synthOutput({ s: { "//": { metadata: { stackName: "s" } }, data: { aws_iam_policy_document: { p: { statement: statements.map(statement) } } } } });
}

describe("readPolicyDocument: a template and a data source of the same policy", () => {
  test("read as the same statements, for any strings with interpolations holding quotes", () => {
    fc.assert(
      fc.property(fc.array(statementModel, { minLength: 1, maxLength: 3 }), (statements) => {
        const out = dataSourceOutput(statements);
        const fromTemplate = readPolicyDocument(out, "s", templateText(statements));
        expect(fromTemplate.unreadable).toBeUndefined();
        expect(fromTemplate.statements).toHaveLength(statements.length);
        expect(fromTemplate).toEqual(readPolicyDocument(out, "s", "${data.aws_iam_policy_document.p.json}"));
      }),
    );
  });
});
