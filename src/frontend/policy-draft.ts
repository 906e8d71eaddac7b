/**
 * The policy editor's draft: text fields as typed, turned into the policy/set payload and checked with the
 * contract's own schema, so the field errors are the contract's and no rule is restated here.
 */
import { PolicySetPayloadSchema, type ResolverError } from '../contracts';
import type { Policy, PolicyPayload } from './types';

export interface LinkDraft {
  readonly id: string;
  readonly deskId: string;
  readonly spaceKeys: string;
  readonly groupIds: string;
  readonly allowedDomains: string;
  readonly customerRole: boolean;
  readonly linkedGroupAdd: boolean;
}

export interface PolicyDraft {
  readonly links: readonly LinkDraft[];
  readonly protectedAccountIds: string;
  readonly blastRadiusThreshold: string;
}

export type FieldErrors = Readonly<Record<string, string>>;

const words = (text: string): string[] => text.split(/[\s,]+/).filter((w) => w.length > 0);

export const draftOf = (policy: Policy): PolicyDraft => ({
  links: policy.links.map((link) => ({
    id: link.id,
    deskId: link.deskId,
    spaceKeys: link.spaceKeys.join(', '),
    groupIds: link.groupIds.join(', '),
    allowedDomains: link.allowedDomains.join(', '),
    customerRole: link.autoFix.customerRole,
    linkedGroupAdd: link.autoFix.linkedGroupAdd,
  })),
  protectedAccountIds: policy.protectedAccountIds.join('\n'),
  blastRadiusThreshold: String(policy.blastRadiusThreshold),
});

export const payloadOf = (draft: PolicyDraft): PolicyPayload => ({
  links: draft.links.map((link) => ({
    id: link.id,
    deskId: link.deskId.trim(),
    spaceKeys: words(link.spaceKeys),
    groupIds: words(link.groupIds),
    allowedDomains: words(link.allowedDomains),
    autoFix: { customerRole: link.customerRole, linkedGroupAdd: link.linkedGroupAdd },
  })),
  protectedAccountIds: words(draft.protectedAccountIds),
  blastRadiusThreshold:
    draft.blastRadiusThreshold.trim() === '' ? Number.NaN : Number(draft.blastRadiusThreshold),
});

/** `links.2.allowedDomains.0` → `links.2.allowedDomains`; `blastRadiusThreshold` stays itself. */
export const fieldKeyOf = (path: readonly (string | number | symbol)[] | string): string => {
  const parts = typeof path === 'string' ? path.split(/[.[\]]+/).filter((p) => p !== '') : path.map(String);
  const [head, index, field] = parts;
  if (head === 'links' && index !== undefined && /^\d+$/.test(index)) {
    return field === undefined ? `links.${index}` : `links.${index}.${field}`;
  }
  return head ?? 'form';
};

const firstPerField = (issues: readonly { key: string; message: string }[]): FieldErrors => {
  const out: Record<string, string> = {};
  for (const { key, message } of issues) out[key] ??= message;
  return out;
};

export const validateDraft = (draft: PolicyDraft): FieldErrors => {
  const parsed = PolicySetPayloadSchema.safeParse(payloadOf(draft));
  return parsed.success
    ? {}
    : firstPerField(parsed.error.issues.map((i) => ({ key: fieldKeyOf(i.path), message: i.message })));
};

export const serverFieldErrors = (error: ResolverError): FieldErrors =>
  firstPerField((error.issues ?? []).map((i) => ({ key: fieldKeyOf(i.path), message: i.message })));

export const newLinkId = (links: readonly LinkDraft[]): string => {
  let n = links.length + 1;
  while (links.some((l) => l.id === `link-${n}`)) n += 1;
  return `link-${n}`;
};
