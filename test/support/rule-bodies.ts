/**
 * Rule-language trees shaped like the real 1Integrate exports (see test/fixtures/1integrate):
 * a rule is Rule > RootPredicate, an action Action > RootOperation, a template Rule|Action >
 * Template > Parameter…, and a node using a template carries `template_id`.
 */
type Node = { kind: string; attributes?: Record<string, string>; predicates?: Node[] };

const geometry = (classRef = 'sys:edge'): Node => ({ kind: 'DynamicValue', attributes: { classRef, objRef: '', propName: 'geometry' } });
const range = (templateId?: string): Node => ({
  kind: 'RangePredicate',
  attributes: { minInclusive: 'true', maxInclusive: 'true', ...(templateId ? { template_id: templateId } : {}) },
  predicates: [
    { kind: 'BuiltinFnValue', attributes: { fnName: 'length' }, predicates: [geometry()] },
    { kind: 'StaticValue', attributes: { datatype: 'double', value: '0' } },
    { kind: 'StaticValue', attributes: { datatype: 'double', value: '100' } },
  ],
});

/** A complete rule; with `templateId`, its check comes from that template. */
export function ruleBody(templateId?: string): { rootTerm: Node } {
  return {
    rootTerm: {
      kind: 'Rule',
      predicates: [{ kind: 'RootPredicate', attributes: { classLabel: 'sys:edge', objLabel: '' }, predicates: [range(templateId)] }],
    },
  };
}

/** A complete rule template (optionally built on another template). */
export function ruleTemplateBody(templateId?: string): { rootTerm: Node } {
  return {
    rootTerm: {
      kind: 'Rule',
      predicates: [{ kind: 'Template', predicates: [{ kind: 'Parameter', attributes: { classLabel: 'sys:edge', objLabel: '' } }, range(templateId)] }],
    },
  };
}

const report = (templateId?: string): Node => ({
  kind: 'ReportOperation',
  attributes: { scope: 'per-object', label: 'Fixed', ...(templateId ? { template_id: templateId } : {}) },
  predicates: [geometry()],
});

/** A complete action; with `templateId`, its operation comes from that template. */
export function actionBody(templateId?: string): { rootTerm: Node } {
  return {
    rootTerm: {
      kind: 'Action',
      predicates: [{ kind: 'RootOperation', attributes: { classLabel: 'sys:edge', objLabel: '' }, predicates: [report(templateId)] }],
    },
  };
}

export function actionTemplateBody(): { rootTerm: Node } {
  return {
    rootTerm: {
      kind: 'Action',
      predicates: [{ kind: 'Template', predicates: [{ kind: 'Parameter', attributes: { classLabel: 'sys:edge', objLabel: '' } }, report()] }],
    },
  };
}

/** A rule missing what its kinds require (RangePredicate needs three children). */
export function incompleteRuleBody(): { rootTerm: Node } {
  return {
    rootTerm: {
      kind: 'Rule',
      predicates: [
        {
          kind: 'RootPredicate',
          attributes: { classLabel: 'sys:edge', objLabel: '' },
          predicates: [{ kind: 'RangePredicate', attributes: { minInclusive: 'true', maxInclusive: 'true' } }],
        },
      ],
    },
  };
}
